// Loads the mynaform widget from the server helper (outside the bundle, like a plain <script> tag).
export function loadWidget() {
  if (document.querySelector('script[data-mynaform-loader]')) return;
  const script = document.createElement('script');
  script.type = 'module';
  script.src = '/mynaform/widget.js';
  script.dataset.server = '/mynaform/v1';
  script.dataset.mynaformLoader = '';
  document.head.append(script);
}
