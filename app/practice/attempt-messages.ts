/**
 * What the drill page says about an answer that cannot be sent yet. Plain sentences for the person
 * at the page, never a field's name. A module of its own, free of zod, because the page shows the
 * decision message before any round trip while the schema says it again on the server.
 */
export const CHOOSE_DECISION = "Choose what to do with the draft: send as is, rewrite or escalate.";
export const WRITE_REWRITE = "Write the reply you would send instead.";
export const SAY_WHY_ESCALATING = "Say why you are escalating.";
/** Said for anything the page itself fills in: the person cannot fix it in the form, only by reloading. */
export const RELOAD = "Reload the page and try again.";
export const UNREADABLE_MARKS = `Your marks could not be read. ${RELOAD}`;
export const SELECT_FIRST = "Select text in the draft first, then choose its flaw type.";
