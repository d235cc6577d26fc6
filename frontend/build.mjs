// Build the static assets Django serves from frontend/build/: the compiled stylesheet,
// GOV.UK Frontend's JavaScript and images. Run with `npm run build` (make does this).
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "build");
const govuk = join(here, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "govuk"), { recursive: true });

const css = sass.compile(join(here, "src", "app.scss"), {
  loadPaths: [join(here, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "app.css"), css.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(out, "govuk", "assets", "images"), { recursive: true });
cpSync(join(here, "src", "app.mjs"), join(out, "app.js"));
cpSync(join(here, "src", "autosave.mjs"), join(out, "autosave.js"));
// The service's own icon: GOV.UK Frontend's favicons are the crown, for gov.uk services only.
cpSync(join(here, "src", "favicon.svg"), join(out, "favicon.svg"));

console.log(`Built ${out} (app.css ${css.css.length} bytes)`);
