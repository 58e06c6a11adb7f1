import { bootstrap } from "./src/bootstrap.js";
import { paperDesign } from "./src/testing/synthetic.js";
const paper = paperDesign({ noise: 0.005, seed: 3 });
for (let i = 0; i < 3; i++) { const t = performance.now(); await bootstrap(paper, { samples: 1000, seed: 1 }); console.log("boot 1000", (performance.now() - t).toFixed(0), "ms"); }
