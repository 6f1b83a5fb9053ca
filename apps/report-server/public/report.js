// Live updates of an Atrium report page. The page is complete without
// this script; the script keeps it current: it opens the report's live
// socket through the same origin, replaces the report body with each
// update the server renders, and says in the status line whether the
// page is live.

const SESSION_ENDED = 4001;
const REFUSED = 4003;
const MAX_RETRIES = 6;

const status = document.getElementById('live-status');
const main = document.getElementById('report');
const studyUid = document.body.dataset.studyUid;

let retries = 0;

/** Shows the state of the live connection in the status line. */
function showStatus(state, words) {
  if (!status) return;
  status.dataset.state = state;
  status.textContent = words;
}

function timeNow() {
  return new Date().toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${location.host}/report/live?study=${encodeURIComponent(studyUid)}`;
  const socket = new WebSocket(url);

  socket.addEventListener('open', () => {
    retries = 0;
    showStatus('live', 'Live: updates appear as they are saved');
  });

  socket.addEventListener('message', (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.type === 'report' && main) {
      // The server escapes every value it puts in this HTML.
      main.innerHTML = message.html;
      const what =
        message.cause === 'measurements'
          ? 'measurements saved'
          : message.cause === 'instances'
            ? 'new images'
            : 'opened';
      showStatus('live', `Live: ${what} at ${timeNow()}`);
    } else if (message.type === 'error') {
      showStatus('error', message.error.message);
    }
  });

  socket.addEventListener('close', (event) => {
    if (event.code === SESSION_ENDED) {
      showStatus(
        'ended',
        'Your session has ended. Log in again to see live updates.',
      );
      return;
    }
    if (event.code === REFUSED || retries >= MAX_RETRIES) {
      showStatus(
        'offline',
        'Live updates stopped. Reload the page to try again.',
      );
      return;
    }
    retries += 1;
    const seconds = Math.min(30, 2 ** retries);
    showStatus('offline', `Live updates lost; trying again in ${seconds} s`);
    setTimeout(connect, seconds * 1000);
  });
}

if (studyUid && 'WebSocket' in window) connect();
