/** Id of the <template> in index.html holding the chart page's shell. */
export const SHELL_TEMPLATE_ID = "llmscope-chart-shell";

/** Attribute of the shell's box for the control chart. */
export const SHELL_CHART = "data-shell-chart";

/** Attribute of index.html's modulepreload link to the dashboard's bundle. */
export const MAIN_LINK = "data-llmscope-main";
