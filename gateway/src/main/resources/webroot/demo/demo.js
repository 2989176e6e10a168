// The demo page's "Chat with the hotline" button opens the widget through its documented event.
document.getElementById('open-chat')?.addEventListener('click', () => {
  document.dispatchEvent(new CustomEvent('swiftline:open'));
});
