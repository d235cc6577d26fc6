// Start every GOV.UK Frontend component on the page (menus, error summaries, details, ...).
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// GOV.UK Frontend marks a radio that reveals a follow-up question with aria-expanded, which
// ARIA does not allow on a radio (axe's aria-allowed-attr rule, critical; a known issue,
// alphagov/govuk-frontend#979, w3c/aria#1404). Take it off whenever it is put back: the radio
// keeps aria-controls, which names what it reveals, and the reveal itself is unchanged.
// Checkboxes keep theirs: ARIA 1.2 allows aria-expanded on a checkbox.
const radios = document.querySelectorAll('[data-module="govuk-radios"]');
const dropAriaExpanded = (radio) => {
  if (radio instanceof HTMLInputElement && radio.type === "radio") {
    radio.removeAttribute("aria-expanded");
  }
};
const observer = new MutationObserver((changes) => {
  for (const change of changes) {
    if (change.target instanceof Element && change.target.hasAttribute("aria-expanded")) {
      dropAriaExpanded(change.target);
    }
  }
});
for (const group of radios) {
  group.querySelectorAll("input[aria-expanded]").forEach(dropAriaExpanded);
  observer.observe(group, { subtree: true, attributeFilter: ["aria-expanded"] });
}
