/** Prints the page (the print stylesheet leaves out navigation and forms). */
export function PrintButton() {
  return (
    <button type="button" className="link-button" onClick={() => window.print()}>
      Print
    </button>
  );
}
