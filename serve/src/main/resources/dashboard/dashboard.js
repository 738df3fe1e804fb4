'use strict';
// Shoplens dashboard: reads the /v1 API with the key typed in (kept in this tab's sessionStorage only) and draws
// the charts with ECharts (served from the org.webjars.npm:echarts WebJar).
(function () {
  const charts = {};
  const $ = (id) => document.getElementById(id);
  let key = sessionStorage.getItem('shoplens-key') || '';

  function status(text) { $('status').textContent = text; }

  async function api(path) {
    const r = await fetch(path, { headers: { 'Authorization': 'Bearer ' + key } });
    const body = await r.json();
    if (!r.ok) { throw new Error(path + ': ' + r.status + ' ' + body.error); }
    return body;
  }

  function chart(id, option, points) {
    const el = $(id);
    if (!charts[id]) { charts[id] = echarts.init(el); }
    charts[id].setOption(option, true);
    el.dataset.points = String(points);
    el.dataset.rendered = points > 0 ? 'true' : 'empty';
  }

  function column(table, name) {
    const i = table.columns.indexOf(name);
    return table.data.map((row) => row[i]);
  }

  async function traffic() {
    const t = await api('/v1/analytics/daily_traffic');
    const days = column(t, 'day');
    chart('chart-traffic', {
      tooltip: { trigger: 'axis' }, legend: { data: ['PV', 'UV', 'DAU'] },
      xAxis: { type: 'category', data: days }, yAxis: { type: 'value' },
      series: ['pv', 'uv', 'dau'].map((c) => ({ name: c.toUpperCase(), type: 'line', data: column(t, c) }))
    }, days.length);
  }

  async function funnel() {
    const t = await api('/v1/analytics/funnel');
    const data = [['viewed', 'pv_users'], ['carted or favourited', 'cart_fav_users'], ['bought', 'buy_users']]
      .map(([label, c]) => ({ name: label, value: column(t, c)[0] }));
    chart('chart-funnel', {
      tooltip: { trigger: 'item' },
      series: [{ type: 'funnel', sort: 'descending', label: { formatter: '{b}: {c}' }, data: data }]
    }, data.length);
  }

  async function rfm() {
    const t = await api('/v1/analytics/rfm_segments');
    const names = column(t, 'segment');
    chart('chart-rfm', {
      tooltip: {}, grid: { left: 150 },
      xAxis: { type: 'value', name: 'buyers' }, yAxis: { type: 'category', data: names },
      series: [{ type: 'bar', data: column(t, 'users') }]
    }, names.length);
  }

  async function forecast() {
    const f = await api('/v1/forecast');
    const start = new Date(f.start + 'T00:00:00Z');
    const n = f.history.length + f.horizonDays;
    const days = [];
    for (let i = 0; i < n; i++) { days.push(new Date(start.getTime() + i * 86400000).toISOString().slice(0, 10)); }
    const pad = new Array(f.history.length).fill(null);
    const series = [{ name: 'purchases', type: 'line', data: f.history }];
    for (const [method, values] of Object.entries(f.methods)) {
      series.push({ name: method + (method === f.baseline ? ' (baseline)' : ''), type: 'line',
        lineStyle: { type: 'dashed' }, data: pad.concat(values) });
    }
    chart('chart-forecast', {
      tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', name: f.unit }, series: series
    }, f.history.length);
    $('forecast-note').textContent = 'Series: ' + f.series + '. Holt-Winters with a weekly season against the '
      + 'seasonal-naive baseline.';
  }

  async function models() {
    const m = await api('/v1/models');
    $('models-note').textContent = 'Serving model set version ' + m.version + ' (' + m.origin + '), default '
      + m.default + ': ' + m.models.map((x) => x.name + ' (' + x.algorithm + ')').join(', ') + '.';
    const rows = m.leaderboard;
    const head = $('leaderboard').tHead;
    const body = $('leaderboard').tBodies[0];
    head.innerHTML = '';
    body.innerHTML = '';
    if (rows.length === 0) {
      $('models-note').textContent += ' No leaderboard: start the server with --leaderboard FILE.';
      chart('chart-leaderboard', {}, 0);
      return;
    }
    const metrics = Object.keys(rows[0].test).filter((k) => /@10$/.test(k));
    const tr = head.insertRow();
    ['model', 'protocol'].concat(metrics).forEach((h) => { tr.insertCell().outerHTML = '<th>' + h + '</th>'; });
    rows.forEach((r) => {
      const row = body.insertRow();
      row.insertCell().textContent = r.model;
      row.insertCell().textContent = r.protocol;
      metrics.forEach((k) => { row.insertCell().textContent = Number(r.test[k]).toFixed(4); });
    });
    const shown = metrics.filter((k) => /^(HR|NDCG|MRR)@10$/.test(k));
    chart('chart-leaderboard', {
      tooltip: {}, legend: {}, xAxis: { type: 'category', data: rows.map((r) => r.model + ' / ' + r.protocol) },
      yAxis: { type: 'value' },
      series: shown.map((k) => ({ name: k + ' (test)', type: 'bar', data: rows.map((r) => r.test[k]) }))
    }, rows.length);
  }

  const pct = (x) => (x == null ? '-' : (100 * x).toFixed(1) + '%');

  async function segments() {
    const s = await api('/v1/segments');
    const segs = s.segments;
    chart('chart-segments', {
      tooltip: { trigger: 'axis' }, legend: {},
      xAxis: { type: 'category', data: segs.map((x) => 'segment ' + x.segment) },
      yAxis: [{ type: 'value', name: 'users' }, { type: 'value', name: '%', max: 100 }],
      series: [
        { name: 'users', type: 'bar', data: segs.map((x) => x.users) },
        { name: 'buyers (% of segment)', type: 'bar', yAxisIndex: 1,
          data: segs.map((x) => (x.buyer_share == null ? null : 100 * x.buyer_share)) },
        { name: 'share of all value (%)', type: 'bar', yAxisIndex: 1,
          data: segs.map((x) => (x.value_share == null ? null : 100 * x.value_share)) }
      ]
    }, segs.filter((x) => x.users != null).length);
    $('segments-note').textContent = s.k + ' segments by ' + s.algorithm + ' over ' + s.users + ' users; ' + s.note
      + '.';
    const list = $('segment-list');
    list.innerHTML = '';
    segs.forEach((x) => {
      const li = document.createElement('li');
      li.className = 'segment';
      li.textContent = 'Segment ' + x.segment + ' (' + (x.suppressed ? 'fewer than ' + s.minCellUsers + ' users'
        : x.users + ' users, ' + pct(x.share) + ' of all') + '): ' + x.description + '. Buyers ' + pct(x.buyer_share)
        + ', share of all value ' + pct(x.value_share) + '.';
      list.appendChild(li);
    });
  }

  function profileView(p, q) {
    const facts = $('profile-facts').tBodies[0];
    facts.innerHTML = '';
    $('profile-tags').innerHTML = '';
    $('propensity-reasons').innerHTML = '';
    if (p.status === 'rejected') {
      $('profile-note').textContent = p.reason.message;
      $('propensity').textContent = q.status === 'rejected' ? q.reason.message : '';
      chart('chart-user-categories', {}, 0);
      $('profile').dataset.loaded = 'missing';
      return;
    }
    const v = p.value;
    $('profile-note').textContent = '';
    const rfm = v.rfm.r_score == null ? 'never bought'
      : 'R' + v.rfm.r_score + ' F' + v.rfm.f_score + ' M' + v.rfm.m_score + ' (' + v.rfm.rfm_segment + ')';
    const rows = [['lifecycle', v.lifecycle], ['RFM', rfm],
      ['segment', v.segment == null ? '-' : v.segment.id + ': ' + v.segment.description],
      ['behaviour', v.behaviour.pv + ' views, ' + v.behaviour.cart + ' carts, ' + v.behaviour.fav + ' favourites, '
        + v.behaviour.buy + ' purchases over ' + v.time.active_days + ' active days'],
      ['peak hour', v.time.peak_hour + ':00 (shop time)'],
      ['price band', v.price.price_band == null ? 'no prices' : v.price.price_band + ' of 5']];
    rows.forEach(([k, x]) => {
      const tr = facts.insertRow();
      tr.insertCell().outerHTML = '<th>' + k + '</th>';
      tr.insertCell().textContent = x;
      tr.dataset.fact = k;
    });
    v.tags.forEach((t) => {
      const span = document.createElement('span');
      span.className = 'tag';
      span.textContent = t;
      $('profile-tags').appendChild(span);
    });
    const cats = v.favouriteCategories;
    chart('chart-user-categories', {
      tooltip: {}, grid: { left: 90 },
      xAxis: { type: 'value', name: '%' }, yAxis: { type: 'category', inverse: true, data: cats.map((c) => c.category) },
      series: [{ type: 'bar', data: cats.map((c) => 100 * c.share) }]
    }, cats.length);
    if (q.status === 'rejected') {
      $('propensity').textContent = q.reason.message;
    } else {
      const m = q.value.model;
      $('propensity').textContent = pct(q.value.probability) + ' chance of a purchase within ' + q.value.horizonHours
        + ' h (' + m.algorithm + '; validation AUC ' + m.validationAuc.toFixed(3) + ' against ' + m.baselineValidationAuc
        .toFixed(3) + ' for the recency rule).';
      q.value.reasons.forEach((x) => {
        const li = document.createElement('li');
        li.textContent = x.text;
        $('propensity-reasons').appendChild(li);
      });
    }
    $('profile').dataset.loaded = 'true';
  }

  async function users() {
    const u = await api('/v1/users?limit=15');
    const list = $('users');
    list.innerHTML = '';
    u.users.forEach((x) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.textContent = x.user;
      a.dataset.user = x.user;
      a.className = 'user-link';
      a.addEventListener('click', () => showUser(x.user));
      li.appendChild(a);
      li.appendChild(document.createTextNode(' (' + x.events + ' events)'));
      list.appendChild(li);
    });
  }

  async function showUser(user) {
    const enc = encodeURIComponent(user);
    const [h, r] = await Promise.all([api('/v1/users/' + enc + '/history?limit=20'),
      api('/v1/users/' + enc + '/recommendations?k=10&explain=true')]);
    const [p, q] = await Promise.allSettled([api('/v1/users/' + enc + '/profile'),
      api('/v1/users/' + enc + '/propensity')]);
    $('user-view').hidden = false;
    profileView(p, q);
    $('user-name').textContent = user;
    $('user-summary').textContent = h.events + ' events (' + Object.entries(h.byBehavior)
      .map(([b, n]) => n + ' ' + b).join(', ') + '); recommendations by ' + r.model + ' (model set '
      + r.modelVersion + ')' + (r.coldStart ? ', cold start' : '') + '.';
    const recs = $('recommendations');
    recs.innerHTML = '';
    r.items.forEach((it) => {
      const li = document.createElement('li');
      li.className = 'recommendation';
      li.textContent = 'item ' + it.item + ' (score ' + Number(it.score).toFixed(3) + ')';
      const why = document.createElement('span');
      why.className = 'why';
      why.textContent = it.explanation ? it.explanation.summary : '';
      li.appendChild(why);
      recs.appendChild(li);
    });
    const tb = $('history').tBodies[0];
    tb.innerHTML = '';
    h.recent.forEach((e) => {
      const row = tb.insertRow();
      row.insertCell().textContent = e.item;
      row.insertCell().textContent = e.behavior;
      row.insertCell().textContent = new Date(e.time * 1000).toISOString().replace('T', ' ').slice(0, 19);
    });
    $('user-view').dataset.loaded = 'true';
  }

  async function loadAll() {
    status('loading...');
    const parts = [traffic(), funnel(), rfm(), forecast(), models(), segments(), users()];
    const results = await Promise.allSettled(parts);
    const failed = results.filter((x) => x.status === 'rejected').map((x) => x.reason.message);
    status(failed.length ? 'some panels failed: ' + failed.join('; ') : 'loaded');
    document.body.dataset.loaded = failed.length ? 'partial' : 'true';
  }

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    key = $('api-key').value.trim();
    sessionStorage.setItem('shoplens-key', key);
    loadAll();
  });
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  if (key) { loadAll(); } else { status('enter a key with the read role'); }
})();
