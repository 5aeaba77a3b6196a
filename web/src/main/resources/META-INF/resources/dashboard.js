// Keeps the dashboard's figures current from /dashboard/events (server-sent events) without reloading.
// Each message is {"layout": "...", "figures": {"bookings-today": 3, ...}}, keyed like the data-figure
// attributes. When the layout changed (a new day, a new clinic) the page fetches itself and swaps it in.
const numbers = new Intl.NumberFormat(document.documentElement.lang || 'en');

function update(figures) {
  for (const element of document.querySelectorAll('[data-figure]')) {
    const value = figures[element.dataset.figure];
    if (value === undefined || String(value) === element.dataset.value) continue;
    element.dataset.value = String(value);
    element.textContent = numbers.format(value);
    element.classList.add('changed');
    setTimeout(() => element.classList.remove('changed'), 2000);
  }
  for (const chart of document.querySelectorAll('[data-chart]')) {
    const bars = [...chart.querySelectorAll('rect[data-bar]')];
    const values = bars.map((bar) => Number(figures[bar.dataset.bar] ?? 0));
    const max = Math.max(0, ...values);
    bars.forEach((bar, i) => bar.setAttribute('width', max > 0 ? (100 * values[i] / max).toFixed(1) : '0'));
  }
}

async function reload() {
  const answer = await fetch(location.pathname + location.search, { credentials: 'same-origin' });
  if (!answer.ok || answer.redirected) { location.reload(); return; }
  const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html').getElementById('dashboard');
  const current = document.getElementById('dashboard');
  if (fresh && current) {
    fresh.querySelector('#live').textContent = document.getElementById('live').textContent;
    current.replaceWith(fresh);
  }
}

function connect() {
  const source = new EventSource('/dashboard/events');
  source.onopen = () => {
    const live = document.getElementById('live');
    live.textContent = live.dataset.live;
  };
  source.onmessage = async (event) => {
    const message = JSON.parse(event.data);
    const root = document.getElementById('dashboard');
    if (message.layout !== root.dataset.layout) {
      root.dataset.layout = message.layout;
      await reload();
    }
    update(message.figures);
  };
  source.onerror = () => {
    const live = document.getElementById('live');
    live.textContent = live.dataset.reconnecting;
  };
}

if ('EventSource' in window) connect();
