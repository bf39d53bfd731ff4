/**
 * Function file of the ribbon (manifest `FunctionFile`). The ribbon button uses the
 * `ShowTaskpane` action, so there are no commands to register: the page only has to initialise
 * Office.js so that Excel knows it loaded.
 */
if (typeof Office !== "undefined") {
  void Office.onReady();
}

export {};
