import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { stepIndex, WALKTHROUGH_STEPS, type WalkthroughStep } from "~/app/walkthrough/steps";

/**
 * The drill page's walkthrough and its "How this works" button. With JavaScript it is a modal
 * `<dialog>`, one step at a time, each step lighting up the part of the page it explains; closing
 * it (Skip, the last step's button, Escape) tells the server once that it was seen. Without
 * JavaScript the server renders it open and non-modal with every step, and its button posts the
 * same "seen" form; "How this works" is then a GET form that asks the server to render it again.
 *
 * The first render is the server's (all steps, no step buttons); the one-step view takes over
 * after hydration, so server and browser never disagree.
 */
export function Walkthrough({ openOnArrival, seen, returnTo }: { openOnArrival: boolean; seen: boolean; returnTo: string }) {
  const [open, setOpen] = useState(openOnArrival);
  // React keeps rendering the attribute the server rendered; from then on the browser's
  // showModal() and close() own the dialog's state.
  const [serverOpen] = useState(openOnArrival);
  const [enhanced, setEnhanced] = useState(false);
  const [step, setStep] = useState(0);
  const [reported, setReported] = useState(seen);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLElement | null>(null);
  const shownRef = useRef(false);
  const fetcher = useFetcher();

  useEffect(() => setEnhanced(true), []);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || !enhanced) return;
    if (open && !shownRef.current) {
      // The server's non-modal dialog becomes the modal one.
      if (dialog.open) dialog.close();
      dialog.showModal();
      shownRef.current = true;
      nextRef.current?.focus();
    } else if (!open && shownRef.current) {
      if (dialog.open) dialog.close();
      shownRef.current = false;
      // Back where the agent was; on arrival nothing was focused, so to the button that reopens it.
      (openerRef.current ?? triggerRef.current)?.focus();
      openerRef.current = null;
    }
  }, [open, enhanced]);

  const current = WALKTHROUGH_STEPS[step];
  useEffect(() => {
    if (!open || !enhanced || !current) return;
    const target = document.getElementById(current.target);
    if (!target) return;
    target.classList.add("walkthrough-target");
    target.scrollIntoView({ block: "start" });
    // A new step is read from its start.
    dialogRef.current?.scrollTo({ top: 0 });
    return () => target.classList.remove("walkthrough-target");
  }, [open, enhanced, current]);

  function show() {
    openerRef.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    setStep(0);
    setOpen(true);
  }

  function close() {
    setOpen(false);
    if (!reported) {
      fetcher.submit({}, { method: "post", action: "/walkthrough" });
      setReported(true);
    }
  }

  const last = step === WALKTHROUGH_STEPS.length - 1;
  return (
    <>
      <form
        method="get"
        className="walkthrough-trigger"
        onSubmit={(event) => {
          event.preventDefault();
          show();
        }}
      >
        <input type="hidden" name="walkthrough" value="" />
        <button ref={triggerRef} type="submit" className="link-button" aria-haspopup="dialog">
          How this works
        </button>
      </form>
      <dialog
        ref={dialogRef}
        className="walkthrough"
        aria-labelledby="walkthrough-title"
        aria-describedby="walkthrough-step"
        open={serverOpen}
        // Escape: the browser closes the dialog; this records it.
        onCancel={close}
      >
        <h2 id="walkthrough-title">How this works</h2>
        <div id="walkthrough-step" aria-live="polite">
          {enhanced && current ? (
            <>
              <p className="muted walkthrough-count">
                Step {step + 1} of {WALKTHROUGH_STEPS.length}
              </p>
              <StepView step={current} />
            </>
          ) : (
            <ol className="walkthrough-all">
              {WALKTHROUGH_STEPS.map((each) => (
                <li key={each.id}>
                  <StepView step={each} />
                </li>
              ))}
            </ol>
          )}
        </div>
        <form
          method="post"
          action="/walkthrough"
          className="walkthrough-actions"
          onSubmit={(event) => {
            event.preventDefault();
            close();
          }}
        >
          <input type="hidden" name="redirectTo" value={returnTo} />
          {enhanced ? (
            <>
              {step > 0 ? (
                <button type="button" onClick={() => setStep(stepIndex(step, -1))}>
                  Back
                </button>
              ) : null}
              <button ref={nextRef} type="button" className="primary" onClick={() => (last ? close() : setStep(stepIndex(step, 1)))}>
                {last ? "Start the drill" : "Next"}
              </button>
              {last ? null : (
                <button type="submit" className="link-button walkthrough-skip">
                  Skip
                </button>
              )}
            </>
          ) : (
            <button type="submit" className="primary">
              Got it, start the drill
            </button>
          )}
        </form>
      </dialog>
    </>
  );
}

function StepView({ step }: { step: WalkthroughStep }) {
  return (
    <>
      <h3>{step.title}</h3>
      <p>{step.text}</p>
      {step.list ? (
        <dl className="walkthrough-list">
          {step.list.map((item) => (
            <div key={item.term}>
              <dt>{item.term}</dt>
              <dd>
                {item.means}
                {item.example ? <span className="walkthrough-example">E.g. {item.example}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </>
  );
}
