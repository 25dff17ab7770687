/* The lessons' widgets on the course site (kaikit/authoring/site.py). A slider's handle (role="slider") gets the
   words of its slider's description as its name, which ipywidgets does not give it, so that a screen reader says
   what the slider changes (axe: aria-input-field-name). The widgets are drawn after the page has loaded: their
   handles are named as they appear. */
(() => {
  const nameHandles = () => {
    document.querySelectorAll('.widget-slider .noUi-handle:not([aria-label])').forEach(handle => {
      const words = handle.closest('.widget-slider')?.querySelector('.widget-label')?.textContent.trim();
      if (words) handle.setAttribute('aria-label', words);
    });
  };
  new MutationObserver(nameHandles).observe(document.documentElement, {childList: true, subtree: true});
  nameHandles();
})();
