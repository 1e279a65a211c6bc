/* cityscore serve: the workbench page. Plain ES2020, no libraries, nothing
 * loaded from the network; charts are inline SVG drawn here.
 *
 * Stable hooks for end-to-end tests (keep them):
 *   #ranking                     ranking table; rows tr[data-unit="杭州市"] with td.rank, td.score
 *   input[data-goal="<id>"]      goal weight sliders (0–100)
 *   input[data-dimension="<id>"] dimension weight sliders (0–100)
 *   #normalize, #aggregate       method selects
 *   #save-profile, #download-workbook, #reset, #lang
 *   #busy                        hidden when idle; body[data-state="idle"|"busy"]
 *   #city-frame                  iframe of the city page (in #city-dialog)
 *   #map svg circle[data-unit]   map dots
 *   #tab-ranking, #tab-map, #tab-scenarios
 *   #pin-a, #scenario-table      scenario comparison
 *   #error                       error bar (hidden when there is no error)
 *   #notice                      passing messages (profile saved)
 */
'use strict';

// ---- Labels: one table, [zh, en] ------------------------------------------
const LABELS = {
  busy: ['计算中…', 'Computing…'],
  language: ['语言', 'Language'],
  save: ['保存为方案', 'Save as profile'],
  save_ok: ['保存', 'Save'],
  cancel: ['取消', 'Cancel'],
  profile_name: ['方案名称', 'Profile name'],
  download: ['下载工作簿', 'Download workbook'],
  reset: ['重置', 'Reset'],
  reset_title: ['恢复为已保存的方案', 'Reset to the saved profile'],
  close: ['关闭', 'Close'],
  weights: ['权重', 'Weights'],
  weights_hint: ['滑块为相对权重（0–100），百分比为在上级中的占比；● 表示已不同于保存的方案。', 'Sliders are relative weights (0–100); the percentage is the share within the parent; ● marks a change from the saved profile.'],
  dimensions: ['维度', 'Dimensions'],
  radar_caption: ['目标权重占比：实线为当前，虚线为已保存方案', 'Goal weight shares: solid = current, dashed = saved profile'],
  methods: ['方法', 'Methods'],
  normalize: ['标准化方法', 'Normalisation'],
  aggregate: ['汇总方法', 'Aggregation'],
  tab_ranking: ['排名', 'Ranking'],
  tab_map: ['地图', 'Map'],
  tab_scenarios: ['情景比较', 'Scenarios'],
  search: ['搜索城市', 'Search city'],
  show_group: ['显示分组', 'Group column'],
  all: ['全部', 'All'],
  rank: ['排名', 'Rank'],
  city: ['城市', 'City'],
  index: ['指数', 'Index'],
  grade: ['等级', 'Grade'],
  coverage: ['覆盖率', 'Coverage'],
  change: ['名次变化', 'Change'],
  change_title: ['相对已保存方案的名次变化', 'Rank change vs the saved profile'],
  count: ['共 {n} 个城市，已排名 {r}，显示 {m}', '{n} cities, {r} ranked, {m} shown'],
  not_ranked: ['未排名', 'not ranked'],
  no_score: ['无得分', 'no score'],
  not_ranked_short: ['未排名', 'n.r.'],
  no_score_short: ['无得分', 'n.s.'],
  group_rank: ['组内第 {n}', '#{n} in group'],
  colour_by: ['着色依据', 'Colour by'],
  by_index: ['指数', 'Index'],
  by_grade: ['等级', 'Grade'],
  map_note: ['点位为各市政府驻地，非行政区划边界。', 'Points are the seats of city government, not boundaries.'],
  no_coords: ['{n} 个城市无坐标，未显示', '{n} cities without coordinates not shown'],
  no_data: ['无数据', 'no data'],
  map_label: ['城市点位图，按{c}着色', 'Dot map of cities coloured by {c}'],
  pin_a: ['固定为情景 A', 'Pin as scenario A'],
  clear_a: ['清除情景 A', 'Clear scenario A'],
  pin_hint: ['固定后，左侧的当前设置即为情景 B。', 'Once pinned, the current settings on the left are scenario B.'],
  no_a: ['尚未固定情景 A。调整设置后点击“固定为情景 A”，再改变设置进行比较。', 'No scenario A yet. Pin the current settings as A, then change the settings to compare.'],
  scen_a: ['情景 A', 'Scenario A'],
  scen_b: ['情景 B（当前）', 'Scenario B (current)'],
  rank_a: ['排名 A', 'Rank A'],
  rank_b: ['排名 B', 'Rank B'],
  shift: ['变化（B 相对 A）', 'Shift (B vs A)'],
  score_a: ['指数 A', 'Index A'],
  score_b: ['指数 B', 'Index B'],
  summary: ['{moved} / {n} 个城市名次变化；斯皮尔曼等级相关系数 ρ = {rho}。', '{moved} of {n} cities changed rank; Spearman rank correlation ρ = {rho}.'],
  largest_up: ['上升最多', 'Largest rise'],
  largest_down: ['下降最多', 'Largest fall'],
  list_sep: ['、', ', '],
  colon: ['：', ': '],
  semi: ['；', '; '],
  top_shifts: ['名次变化最大的城市', 'Largest rank shifts'],
  base: ['已保存方案', 'saved profile'],
  profile: ['方案', 'Profile'],
  save_disabled: ['保存已禁用：启动时使用 --save-dir 目录 参数以允许保存方案', 'Saving is disabled: start cityscore serve with --save-dir DIR to allow it'],
  saved: ['已保存到 {path}', 'Saved to {path}'],
  overwrite: ['方案已存在：{path}\n是否覆盖？', 'The profile exists: {path}\nOverwrite it?'],
  http_error: ['请求失败（{status}）', 'Request failed ({status})'],
  net_error: ['无法连接服务器：{msg}', 'Cannot reach the server: {msg}'],
  weights_aria: ['权重 {v}，占 {p}', 'weight {v}, share {p}'],
  // Method names
  m_minmax: ['最小-最大', 'min–max'],
  m_zscore: ['Z 分数', 'z-score'],
  m_rank: ['排名', 'rank'],
  m_percentile: ['百分位', 'percentile'],
  m_goalposts: ['目标值法', 'goalposts'],
  m_none: ['不标准化', 'none'],
  m_vector: ['向量归一化', 'vector'],
  m_efficacy: ['功效系数', 'efficacy'],
  m_arithmetic: ['算术平均', 'arithmetic mean'],
  m_geometric: ['几何平均', 'geometric mean'],
  m_harmonic: ['调和平均', 'harmonic mean'],
  m_topsis: ['TOPSIS 逼近理想解', 'TOPSIS'],
  m_gra: ['灰色关联', 'grey relational'],
  m_copeland: ['Copeland 计票', 'Copeland'],
};

// ---- State ------------------------------------------------------------------
const S = {
  meta: null,
  lang: 'zh',
  goalW: {},         // goal id → slider value (float until moved)
  dimW: {},          // dimension id → slider value
  changed: { goals: false, dimensions: false, normalize: false, aggregate: false },
  ranking: null,     // last /api/score or /api/ranking answer
  rankingControls: null, // the controls it was scored with
  sort: { key: 'rank', dir: 1 },
  filters: {},       // grouping id → group
  search: '',
  groupCol: 'province',
  mapColour: 'score',
  mapInfo: null,     // /api/map answer
  pinA: null,        // { ranking, label }
  seq: 0,            // latest request number; older answers are ignored
};

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

function t(key, vars) {
  const e = LABELS[key];
  let s = e ? e[S.lang === 'en' ? 1 : 0] : key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split('{' + k + '}').join(v);
  return s;
}
const name = (o) => (o ? (S.lang === 'en' ? o.en || o.zh : o.zh || o.en) || o.id : '');
const methodName = (m) => (LABELS['m_' + m] ? t('m_' + m) : m);

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
const fmt = (v, d = 1) => (v == null || Number.isNaN(v) ? '–' : Number(v).toFixed(d));
const pct = (v, d = 0) => (v == null ? '–' : (v * 100).toFixed(d) + '%');

// ---- API client ------------------------------------------------------------
class ApiError extends Error {
  constructor(message, status, body) { super(message); this.status = status; this.body = body; }
}

// api sends a request and returns the Response; non-2xx throws ApiError with
// the server's {"error"} text.
async function api(method, path, body, signal) {
  const init = { method, signal, headers: {} };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(t('net_error', { msg: e.message }), 0, null);
  }
  if (!res.ok) {
    let data = null;
    try { data = await res.json(); } catch (_) { /* not JSON */ }
    const msg = (data && data.error) || t('http_error', { status: res.status });
    throw new ApiError(msg, res.status, data);
  }
  return res;
}
const apiJSON = async (...a) => (await api(...a)).json();

// ---- Error bar and busy indicator -----------------------------------------
function showError(e) {
  const msg = typeof e === 'string' ? e : e.message || String(e);
  $('#error .msg').textContent = msg;
  $('#error').hidden = false;
}
function hideError() { $('#error').hidden = true; }

// showNotice: a passing message (e.g. where a profile was saved).
let noticeTimer = 0;
function showNotice(msg) {
  $('#notice .msg').textContent = msg;
  $('#notice').hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { $('#notice').hidden = true; }, 8000);
}

let busyCount = 0;
function busy(on) {
  busyCount = Math.max(0, busyCount + (on ? 1 : -1));
  $('#busy').hidden = busyCount === 0;
  document.body.dataset.state = busyCount ? 'busy' : 'idle';
}

// ---- The profile body ------------------------------------------------------
// Only the sections the user changed from the saved profile.
function profileBody() {
  const p = {};
  const w = {};
  if (S.changed.goals) w.goals = { method: 'manual', values: rounded(S.goalW) };
  if (S.changed.dimensions) w.dimensions = { method: 'manual', values: rounded(S.dimW) };
  if (w.goals || w.dimensions) p.weights = w;
  if (S.changed.normalize) p.normalize = { method: $('#normalize').value };
  if (S.changed.aggregate) p.aggregate = $('#aggregate').value;
  return p;
}

function rounded(values) {
  const o = {};
  for (const [k, v] of Object.entries(values)) o[k] = Math.round(v * 1e4) / 1e4;
  return o;
}

// ---- Scoring: debounced, superseded requests aborted -----------------------
let timer = 0;
let inflight = null;
let waiting = false; // a change waits for its debounce: the page is busy already

function scheduleScore() {
  clearTimeout(timer);
  if (!waiting) { waiting = true; busy(true); }
  timer = setTimeout(score, 150);
}
function stopWaiting() {
  clearTimeout(timer);
  if (waiting) { waiting = false; busy(false); }
}

async function score() {
  const seq = ++S.seq;
  if (inflight) inflight.abort();
  const ctrl = new AbortController();
  inflight = ctrl;
  const body = profileBody();
  const controls = { goalW: { ...S.goalW }, normalize: $('#normalize').value, aggregate: $('#aggregate').value };
  busy(true);
  stopWaiting();
  try {
    const r = Object.keys(body).length
      ? await apiJSON('POST', 'api/score', body, ctrl.signal)
      : await apiJSON('GET', 'api/ranking', undefined, ctrl.signal);
    if (seq !== S.seq) return; // an older answer
    S.ranking = r;
    S.rankingControls = controls;
    hideError();
    renderResults();
  } catch (e) {
    if (e.name !== 'AbortError' && seq === S.seq) showError(e);
  } finally {
    if (inflight === ctrl) inflight = null;
    busy(false);
  }
}

// ---- Controls ---------------------------------------------------------------
function shareOf(values, id) {
  const sum = Object.values(values).reduce((a, b) => a + b, 0);
  return sum > 0 ? values[id] / sum : 0;
}
function dimsOf(goal) { return S.meta.dimensions.filter((d) => d.goal === goal); }
function dimValues(goal) {
  const o = {};
  for (const d of dimsOf(goal)) o[d.id] = S.dimW[d.id];
  return o;
}

function sliderHTML(kind, item) {
  const id = `w-${kind}-${item.id}`;
  return `<div class="slider">
    <label for="${id}"><span data-name="${esc(item.id)}">${esc(name(item))}</span></label>
    <input type="range" id="${id}" min="0" max="100" step="1" data-${kind}="${esc(item.id)}">
    <output for="${id}" data-share="${esc(item.id)}"></output>
  </div>`;
}

function buildControls() {
  const m = S.meta;
  $('#goals').innerHTML = m.goals.map((g) => {
    const dims = dimsOf(g.id);
    return `<div class="goal">${sliderHTML('goal', g)}${dims.length ? `<details>
      <summary><span data-i18n="dimensions">${t('dimensions')}</span> (${dims.length})</summary>
      ${dims.map((d) => sliderHTML('dimension', d)).join('')}</details>` : ''}</div>`;
  }).join('');
  fillMethods();
  $('#goals').addEventListener('input', onSlider);
  for (const k of ['normalize', 'aggregate']) {
    $('#' + k).addEventListener('change', () => { S.changed[k] = $('#' + k).value !== m.settings[k]; markChanged(); scheduleScore(); });
  }
}

function fillMethods() {
  const m = S.meta;
  for (const k of ['normalize', 'aggregate']) {
    const sel = $('#' + k);
    const v = sel.value || m.settings[k];
    const list = m.methods[k].includes(m.settings[k]) ? m.methods[k] : [m.settings[k], ...m.methods[k]];
    sel.innerHTML = list.map((x) => `<option value="${esc(x)}">${esc(methodName(x))}${S.lang === 'zh' && methodName(x) !== x ? ' (' + esc(x) + ')' : ''}</option>`).join('');
    sel.value = v;
  }
}

// setControls puts the saved profile's weights and methods on the controls.
function setControls() {
  const m = S.meta;
  S.goalW = {};
  S.dimW = {};
  for (const g of m.goals) S.goalW[g.id] = g.weight * 100;
  for (const d of m.dimensions) S.dimW[d.id] = d.weight * 100;
  for (const el of $$('input[data-goal]')) el.value = Math.round(S.goalW[el.dataset.goal]);
  for (const el of $$('input[data-dimension]')) el.value = Math.round(S.dimW[el.dataset.dimension]);
  $('#normalize').value = m.settings.normalize;
  $('#aggregate').value = m.settings.aggregate;
  S.changed = { goals: false, dimensions: false, normalize: false, aggregate: false };
  updateShares();
}

function onSlider(ev) {
  const el = ev.target;
  if (el.dataset.goal) { S.goalW[el.dataset.goal] = +el.value; S.changed.goals = true; }
  else if (el.dataset.dimension) { S.dimW[el.dataset.dimension] = +el.value; S.changed.dimensions = true; }
  else return;
  updateShares();
  scheduleScore();
}

// updateShares writes each slider's share of its parent (and its aria text).
function updateShares() {
  markChanged();
  for (const el of $$('input[data-goal]')) setShare(el, shareOf(S.goalW, el.dataset.goal));
  for (const el of $$('input[data-dimension]')) {
    const d = S.meta.dimensions.find((x) => x.id === el.dataset.dimension);
    setShare(el, shareOf(dimValues(d.goal), d.id));
  }
  drawRadar();
}
// markChanged flags the sliders that differ from the saved profile.
function markChanged() {
  const base = (list, id) => Math.round(list.find((x) => x.id === id).weight * 100);
  for (const el of $$('input[data-goal]')) el.parentElement.classList.toggle('changed', +el.value !== base(S.meta.goals, el.dataset.goal));
  for (const el of $$('input[data-dimension]')) el.parentElement.classList.toggle('changed', +el.value !== base(S.meta.dimensions, el.dataset.dimension));
  for (const k of ['normalize', 'aggregate']) $('#' + k).classList.toggle('changed', $('#' + k).value !== S.meta.settings[k]);
}
function setShare(el, share) {
  const out = el.parentElement.querySelector('output');
  out.textContent = pct(share, 1);
  el.setAttribute('aria-valuetext', t('weights_aria', { v: el.value, p: pct(share, 1) }));
}

// ---- Radar of goal weight shares ------------------------------------------
function drawRadar() {
  const goals = S.meta.goals;
  const n = goals.length;
  if (n < 3) { $('#radar').innerHTML = ''; return; }
  const size = 240, c = size / 2, R = 68;
  const cur = goals.map((g) => shareOf(S.goalW, g.id));
  const baseW = {};
  for (const g of goals) baseW[g.id] = g.weight;
  const base = goals.map((g) => shareOf(baseW, g.id));
  const max = Math.max(0.3, ...cur, ...base);
  const pt = (i, r) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [c + r * Math.cos(a), c + r * Math.sin(a)];
  };
  const poly = (vals) => vals.map((v, i) => pt(i, (v / max) * R).map((x) => x.toFixed(1)).join(',')).join(' ');
  let s = `<svg viewBox="0 0 ${size} ${size - 20}" width="${size}" height="${size - 20}" role="img" aria-label="${esc(t('radar_caption'))}"><g transform="translate(0,-10)">`;
  for (const f of [0.25, 0.5, 0.75, 1]) s += `<polygon points="${poly(goals.map(() => f * max))}" fill="none" stroke="#dde4ea"/>`;
  goals.forEach((g, i) => {
    const [x, y] = pt(i, R);
    const [lx, ly] = pt(i, R + 20);
    s += `<line x1="${c}" y1="${c}" x2="${x.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#dde4ea"/>`;
    s += `<text x="${lx.toFixed(1)}" y="${(ly + 4).toFixed(1)}" text-anchor="middle" font-size="11" fill="#1d232b">${esc(name(g))} ${pct(cur[i])}</text>`;
  });
  s += `<polygon points="${poly(base)}" fill="none" stroke="#55606e" stroke-dasharray="3 3"/>`;
  s += `<polygon points="${poly(cur)}" fill="rgba(11,92,173,.18)" stroke="#0b5cad" stroke-width="1.5"/>`;
  $('#radar').innerHTML = s + '</g></svg>';
}

// ---- Ranking table ------------------------------------------------------------
function columns() {
  const cols = [
    { key: 'rank', label: t('rank'), cls: 'rank' },
    { key: 'unit', label: t('city'), cls: 'unit' },
    { key: 'score', label: t('index'), cls: 'score' },
  ];
  for (const g of S.meta.goals) cols.push({ key: 'g:' + g.id, label: name(g), cls: 'gscore' });
  cols.push({ key: 'grade', label: t('grade'), cls: 'grade' });
  cols.push({ key: 'coverage', label: t('coverage'), cls: 'coverage' });
  const gr = S.meta.groupings.find((x) => x.id === S.groupCol);
  cols.push({ key: 'group', label: gr ? name(gr) : S.groupCol, cls: 'group' });
  cols.push({ key: 'rank_change', label: t('change'), cls: 'change', title: t('change_title') });
  return cols;
}

function sortValue(u, key) {
  switch (key) {
    case 'unit': return u.unit;
    case 'group': return (u.groups || {})[S.groupCol] || null;
    case 'grade': return u.rank; // grades follow the index
    default: return key.startsWith('g:') ? u[key.slice(2)] : u[key];
  }
}

// City names are Chinese in both languages: sort them by pinyin.
const coll = new Intl.Collator('zh-CN');

// sortedUnits: ranked units first, then the others; within each, by the
// chosen column (missing values last).
function sortedUnits(units) {
  const { key, dir } = S.sort;
  return units.slice().sort((a, b) => {
    const ra = a.rank == null, rb = b.rank == null;
    if (ra !== rb) return ra ? 1 : -1;
    const va = sortValue(a, key), vb = sortValue(b, key);
    if (va == null || vb == null) return va == null && vb == null ? coll.compare(a.unit, b.unit) : va == null ? 1 : -1;
    const c = typeof va === 'string' ? coll.compare(va, vb) : va - vb;
    return c * dir || coll.compare(a.unit, b.unit);
  });
}

function groupMatches(value, want) {
  if (!value) return false;
  return value === want || value.split('、').some((v) => v.replace(/（部分）$/, '') === want);
}

function filteredUnits() {
  const q = S.search.trim().toLowerCase();
  return S.ranking.units.filter((u) => {
    if (q && !u.unit.toLowerCase().includes(q)) return false;
    for (const [g, want] of Object.entries(S.filters)) {
      if (want && !groupMatches((u.groups || {})[g], want)) return false;
    }
    return true;
  });
}

function changeCell(u) {
  const c = u.rank_change;
  if (c == null || c === 0) return '<td class="change">–</td>';
  return c > 0
    ? `<td class="change up" title="${esc(t('change_title'))}">▲${c}</td>`
    : `<td class="change down" title="${esc(t('change_title'))}">▼${-c}</td>`;
}

// gradeText: the unit's grade in the page's language (the server labels
// grades in its --lang; grade_labels has both).
function gradeText(u) {
  const l = S.ranking && S.ranking.grade_labels && S.ranking.grade_labels[S.lang];
  return (l && u.grade_class && l[u.grade_class - 1]) || u.grade || '';
}

// statusText: why a unit has no rank (short: for the rank cell).
function statusText(u, short) {
  const k = u.status === 'no score' ? 'no_score' : 'not_ranked';
  return t(short ? k + '_short' : k);
}

function rowHTML(u, goals) {
  const unranked = u.rank == null;
  const grp = (u.groups || {})[S.groupCol] || '';
  const grank = (u.group_ranks || {})[S.groupCol];
  let h = `<tr data-unit="${esc(u.unit)}"${unranked ? ' class="unranked"' : ''}>`;
  h += unranked ? `<td class="rank" title="${esc(statusText(u))}"><span class="small">${esc(statusText(u, true))}</span></td>` : `<td class="rank">${u.rank}</td>`;
  h += `<td class="unit"><button type="button" data-city="${esc(u.unit)}">${esc(u.unit)}</button></td>`;
  h += `<td class="score">${fmt(u.score, 2)}</td>`;
  for (const g of goals) h += `<td class="gscore" title="${esc(name(g))}${u.goal_ranks && u.goal_ranks[g.id] ? ' #' + u.goal_ranks[g.id] : ''}">${fmt(u[g.id])}</td>`;
  h += `<td class="grade">${esc(gradeText(u))}</td>`;
  h += `<td class="coverage">${pct(u.coverage)}</td>`;
  h += `<td class="group">${esc(grp)}${grank ? ` <span class="grank" title="${esc(t('group_rank', { n: grank }))}">#${grank}</span>` : ''}</td>`;
  return h + changeCell(u) + '</tr>';
}

function renderTableHead() {
  $('#ranking-head').innerHTML = columns().map((c) => {
    const sort = S.sort.key === c.key ? (S.sort.dir > 0 ? 'ascending' : 'descending') : 'none';
    return `<th class="${c.cls}" data-key="${esc(c.key)}" aria-sort="${sort}" scope="col"${c.title ? ` title="${esc(c.title)}"` : ''}><button type="button">${esc(c.label)}</button></th>`;
  }).join('');
}

function renderTable() {
  if (!S.ranking) return;
  renderTableHead();
  const units = filteredUnits();
  const goals = S.meta.goals;
  $('#ranking tbody').innerHTML = sortedUnits(units).map((u) => rowHTML(u, goals)).join('');
  const all = S.ranking.units;
  $('#count').textContent = t('count', { n: all.length, r: all.filter((u) => u.rank != null).length, m: units.length });
}

function onSortClick(ev) {
  const th = ev.target.closest('th[data-key]');
  if (!th) return;
  const key = th.dataset.key;
  // Numbers start high-to-low except ranks; names A–Z.
  const asc = ['rank', 'unit', 'group', 'grade'].includes(key);
  S.sort = S.sort.key === key ? { key, dir: -S.sort.dir } : { key, dir: asc ? 1 : -1 };
  renderTable();
}

function buildFilters() {
  const sel = S.filters;
  $('#filters').innerHTML = S.meta.groupings.map((g) => `<label><span>${esc(name(g))}</span>
    <select data-filter="${esc(g.id)}" id="filter-${esc(g.id)}"><option value="">${esc(t('all'))}</option>${g.groups.map((x) => `<option${sel[g.id] === x ? ' selected' : ''}>${esc(x)}</option>`).join('')}</select></label>`).join('');
  const gc = $('#group-col');
  gc.innerHTML = S.meta.groupings.map((g) => `<option value="${esc(g.id)}">${esc(name(g))}</option>`).join('');
  gc.value = S.groupCol;
}

// ---- City page ---------------------------------------------------------------
async function openCity(unit) {
  busy(true);
  try {
    const res = await api('POST', 'api/city?unit=' + encodeURIComponent(unit), profileBody());
    const html = await res.text();
    $('#city-title').textContent = unit;
    const frame = $('#city-frame');
    frame.title = unit;
    frame.srcdoc = html;
    const dlg = $('#city-dialog');
    if (!dlg.open) dlg.showModal();
  } catch (e) {
    showError(e);
  } finally {
    busy(false);
  }
}

// ---- Map -------------------------------------------------------------------------
// A sequential scale (light yellow → dark blue), readable on white.
const SEQ = [[255, 237, 160], [127, 205, 187], [44, 127, 184], [37, 52, 148]];
function seqColour(f) {
  f = Math.min(1, Math.max(0, f));
  const x = f * (SEQ.length - 1);
  const i = Math.min(SEQ.length - 2, Math.floor(x));
  const r = x - i;
  const c = SEQ[i].map((v, k) => Math.round(v + (SEQ[i + 1][k] - v) * r));
  return `rgb(${c.join(',')})`;
}
const GRADE_COLOURS = ['#1a9850', '#91cf60', '#fdae61', '#d73027', '#7b3294', '#2c7bb6'];
const NO_DATA = '#b8bec6';

// gradeOrder: the grades from best to worst, by the best rank holding each.
function gradeOrder(units) {
  const best = new Map();
  for (const u of units) { const g = gradeText(u); if (g && u.rank != null && !best.has(g)) best.set(g, u.rank); }
  return [...best.entries()].sort((a, b) => a[1] - b[1]).map((e) => e[0]);
}

function renderMap() {
  if (!S.ranking) return;
  // Coordinates from the ranking, else from /api/map.
  const pts = new Map(((S.mapInfo && S.mapInfo.points) || []).map((p) => [p.unit, p]));
  const units = [];
  for (const u of S.ranking.units) {
    const p = u.lon != null && u.lat != null ? u : pts.get(u.unit);
    if (p && p.lon != null && p.lat != null) units.push({ ...u, lon: p.lon, lat: p.lat });
  }
  const missing = S.ranking.units.length - units.length;
  const W = 900, H = 560, pad = 24;
  let lo = { lon: 73, lat: 18 }, hi = { lon: 135, lat: 54 };
  if (units.length) {
    lo = { lon: Math.min(...units.map((u) => u.lon)), lat: Math.min(...units.map((u) => u.lat)) };
    hi = { lon: Math.max(...units.map((u) => u.lon)), lat: Math.max(...units.map((u) => u.lat)) };
  }
  // Equirectangular: x scaled by cos(mid latitude), fitted to the box.
  const k = Math.cos(((lo.lat + hi.lat) / 2) * Math.PI / 180);
  const spanX = Math.max(1, (hi.lon - lo.lon) * k), spanY = Math.max(1, hi.lat - lo.lat);
  const sc = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
  const ox = (W - spanX * sc) / 2, oy = (H - spanY * sc) / 2;
  const px = (lon) => ox + (lon - lo.lon) * k * sc;
  const py = (lat) => oy + (hi.lat - lat) * sc;

  const scores = units.map((u) => u.score).filter((v) => v != null);
  const min = Math.min(...scores), max = Math.max(...scores);
  const grades = gradeOrder(S.ranking.units);
  const colour = (u) => {
    if (S.mapColour === 'grade') {
      const i = grades.indexOf(gradeText(u));
      return i < 0 ? NO_DATA : GRADE_COLOURS[i % GRADE_COLOURS.length];
    }
    return u.score == null ? NO_DATA : seqColour(max > min ? (u.score - min) / (max - min) : 0.5);
  };

  const cby = S.mapColour === 'grade' ? t('by_grade') : t('by_index');
  let s = `<svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMidYMid meet" role="img" aria-label="${esc(t('map_label', { c: cby }))}">`;
  s += `<rect class="frame" x="0.5" y="0.5" width="${W - 1}" height="${H - 1}"/>`;
  // Graticule every 5°
  for (let lon = Math.ceil(lo.lon / 5) * 5; lon <= hi.lon; lon += 5) {
    s += `<line class="grid" x1="${px(lon).toFixed(1)}" x2="${px(lon).toFixed(1)}" y1="0" y2="${H}"/><text class="gridlabel" x="${(px(lon) + 2).toFixed(1)}" y="${H - 4}">${lon}°E</text>`;
  }
  for (let lat = Math.ceil(lo.lat / 5) * 5; lat <= hi.lat; lat += 5) {
    s += `<line class="grid" y1="${py(lat).toFixed(1)}" y2="${py(lat).toFixed(1)}" x1="0" x2="${W}"/><text class="gridlabel" x="3" y="${(py(lat) - 2).toFixed(1)}">${lat}°N</text>`;
  }
  // Unranked first so that ranked dots are drawn on top; best last.
  const order = units.slice().sort((a, b) => (b.rank ?? 1e9) - (a.rank ?? 1e9));
  for (const u of order) {
    s += `<circle cx="${px(u.lon).toFixed(1)}" cy="${py(u.lat).toFixed(1)}" r="${u.rank == null ? 3.5 : 5}" fill="${colour(u)}" data-unit="${esc(u.unit)}" tabindex="0" role="button" aria-label="${esc(tipText(u))}"/>`;
  }
  $('#map').innerHTML = s + '</svg>';

  // Legend
  let lg = '';
  if (S.mapColour === 'grade') {
    lg = grades.map((g, i) => `<span><span class="swatch" style="background:${GRADE_COLOURS[i % GRADE_COLOURS.length]}"></span>${esc(g)}</span>`).join('');
  } else if (scores.length) {
    const stops = [0, 0.25, 0.5, 0.75, 1].map((f) => `<stop offset="${f}" stop-color="${seqColour(f)}"/>`).join('');
    lg = `<span>${esc(t('index'))}</span><span>${fmt(min)}</span><svg width="160" height="12" aria-hidden="true"><defs><linearGradient id="lg-seq">${stops}</linearGradient></defs><rect width="160" height="12" fill="url(#lg-seq)"/></svg><span>${fmt(max)}</span>`;
  }
  lg += `<span><span class="swatch" style="background:${NO_DATA}"></span>${esc(t('not_ranked'))} / ${esc(t('no_data'))}</span>`;
  if (missing > 0) lg += `<span class="muted">${esc(t('no_coords', { n: missing }))}</span>`;
  $('#map-legend').innerHTML = lg;
  renderAttribution();
}

function renderAttribution() {
  const a = S.mapInfo && S.mapInfo.attribution;
  $('#map-attribution').textContent = a || '';
}

function tipText(u) {
  const rank = u.rank == null ? statusText(u) : `${t('rank')} ${u.rank}`;
  return `${u.unit} · ${rank} · ${t('index')} ${fmt(u.score, 2)}${u.grade ? ' · ' + gradeText(u) : ''}`;
}

function unitByName(n) { return S.ranking && S.ranking.units.find((u) => u.unit === n); }

function onMapOver(ev) {
  const c = ev.target.closest('circle[data-unit]');
  const tip = $('#tooltip');
  if (!c) { tip.hidden = true; return; }
  const u = unitByName(c.dataset.unit);
  if (!u) return;
  tip.textContent = tipText(u);
  tip.hidden = false;
  const r = c.getBoundingClientRect();
  tip.style.left = Math.min(window.innerWidth - tip.offsetWidth - 8, r.right + 8) + 'px';
  tip.style.top = Math.max(4, r.top - 28) + 'px';
}

// ---- Scenarios ---------------------------------------------------------------------
// settingsLabel: the controls a ranking was scored with (methods, goal shares).
function settingsLabel(c) {
  const w = S.meta.goals.map((g) => `${name(g)} ${pct(shareOf(c.goalW, g.id))}`).join(' · ');
  return `${esc(methodName(c.normalize))} · ${esc(methodName(c.aggregate))}<br>${esc(w)}`;
}

function pinA() {
  if (!S.ranking) return;
  S.pinA = { ranking: S.ranking, controls: S.rankingControls };
  $('#clear-a').disabled = false;
  renderScenarios();
}

// spearman: Pearson correlation of the two rank lists (ties as given).
function spearman(pairs) {
  const n = pairs.length;
  if (n < 2) return null;
  const ma = pairs.reduce((s, p) => s + p[0], 0) / n, mb = pairs.reduce((s, p) => s + p[1], 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (const [a, b] of pairs) { sab += (a - ma) * (b - mb); saa += (a - ma) ** 2; sbb += (b - mb) ** 2; }
  return saa && sbb ? sab / Math.sqrt(saa * sbb) : null;
}

// reRank ranks values 1..n within the common set (average ranks for ties).
function reRank(vals) {
  const idx = vals.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
  const out = new Array(vals.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++;
    for (let k = i; k <= j; k++) out[idx[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

function compareRows() {
  const a = new Map(S.pinA.ranking.units.map((u) => [u.unit, u]));
  const rows = [];
  for (const ub of S.ranking.units) {
    const ua = a.get(ub.unit) || {};
    const shift = ua.rank != null && ub.rank != null ? ua.rank - ub.rank : null;
    rows.push({ unit: ub.unit, ra: ua.rank ?? null, rb: ub.rank, shift, sa: ua.score ?? null, sb: ub.score });
  }
  rows.sort((x, y) => (x.shift == null) - (y.shift == null) || Math.abs(y.shift) - Math.abs(x.shift) || (x.rb ?? 1e9) - (y.rb ?? 1e9));
  return rows;
}

function shiftHTML(s) {
  if (s == null) return '–';
  if (s === 0) return '0';
  return s > 0 ? `<span class="up">▲${s}</span>` : `<span class="down">▼${-s}</span>`;
}

function renderScenarios() {  const tbl = $('#scenario-table');
  if (!S.pinA || !S.ranking) {
    $('#scenario-settings').innerHTML = '';
    $('#scenario-summary').textContent = t('no_a');
    $('#scenario-chart').innerHTML = '';
    tbl.tHead.innerHTML = '';
    tbl.tBodies[0].innerHTML = '';
    return;
  }
  $('#scenario-settings').innerHTML = `<div><strong>${esc(t('scen_a'))}</strong>${t('colon')}${settingsLabel(S.pinA.controls)}</div><div><strong>${esc(t('scen_b'))}</strong>${t('colon')}${settingsLabel(S.rankingControls)}</div>`;
  const rows = compareRows();
  const both = rows.filter((r) => r.shift != null);
  const moved = both.filter((r) => r.shift !== 0);
  const ra = reRank(both.map((r) => r.ra)), rb = reRank(both.map((r) => r.rb));
  const rho = spearman(ra.map((v, i) => [v, rb[i]]));
  const up = moved.filter((r) => r.shift > 0).sort((x, y) => y.shift - x.shift).slice(0, 3);
  const down = moved.filter((r) => r.shift < 0).sort((x, y) => x.shift - y.shift).slice(0, 3);
  const list = (rs) => rs.map((r) => `${esc(r.unit)} ${shiftHTML(r.shift)}`).join(t('list_sep')) || '–';
  $('#scenario-summary').innerHTML = `${esc(t('summary', { moved: moved.length, n: both.length, rho: rho == null ? '–' : rho.toFixed(3) }))}<br>
    ${esc(t('largest_up'))}${t('colon')}${list(up)}${t('semi')}${esc(t('largest_down'))}${t('colon')}${list(down)}`;
  $('#scenario-chart').innerHTML = shiftChart(moved.slice(0, 12));
  tbl.tHead.innerHTML = `<tr><th class="unit" scope="col">${esc(t('city'))}</th><th scope="col">${esc(t('rank_a'))}</th><th scope="col">${esc(t('rank_b'))}</th><th scope="col">${esc(t('shift'))}</th><th scope="col">${esc(t('score_a'))}</th><th scope="col">${esc(t('score_b'))}</th></tr>`;
  tbl.tBodies[0].innerHTML = rows.map((r) => `<tr data-unit="${esc(r.unit)}"${r.rb == null ? ' class="unranked"' : ''}><td class="unit"><button type="button" data-city="${esc(r.unit)}">${esc(r.unit)}</button></td><td>${r.ra ?? '–'}</td><td>${r.rb ?? '–'}</td><td class="shift">${shiftHTML(r.shift)}</td><td>${fmt(r.sa, 2)}</td><td>${fmt(r.sb, 2)}</td></tr>`).join('');
}

// shiftChart: horizontal bars of the largest rank shifts, up to the right.
function shiftChart(rows) {
  if (!rows.length) return '';
  const W = 430, rowH = 18, top = 22, labelW = 100, mid = labelW + (W - labelW) / 2;
  const H = top + rows.length * rowH + 6;
  const m = Math.max(...rows.map((r) => Math.abs(r.shift)));
  const half = (W - labelW) / 2 - 36;
  let s = `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(t('top_shifts'))}">`;
  s += `<text x="0" y="13" font-weight="600">${esc(t('top_shifts'))}</text>`;
  s += `<line x1="${mid}" x2="${mid}" y1="${top - 4}" y2="${H}" stroke="#9aa5b3"/>`;
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const w = (Math.abs(r.shift) / m) * half;
    const x = r.shift > 0 ? mid : mid - w;
    const col = r.shift > 0 ? '#17703a' : '#b3261e';
    s += `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end">${esc(r.unit)}</text>`;
    s += `<rect x="${x.toFixed(1)}" y="${y + 2}" width="${Math.max(1, w).toFixed(1)}" height="${rowH - 5}" fill="${col}"/>`;
    const tx = r.shift > 0 ? mid + w + 4 : mid - w - 4;
    s += `<text x="${tx.toFixed(1)}" y="${y + 12}" text-anchor="${r.shift > 0 ? 'start' : 'end'}" fill="${col}">${r.shift > 0 ? '+' : ''}${r.shift}</text>`;
  });
  return s + '</svg>';
}

// ---- Header actions ------------------------------------------------------------------
function filenameOf(res) {
  const cd = res.headers.get('Content-Disposition') || '';
  const star = /filename\*\s*=\s*[^']*''([^;]+)/i.exec(cd);
  if (star) { try { return decodeURIComponent(star[1].trim()); } catch (_) { /* fall through */ } }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(cd);
  return plain ? plain[1].trim() : null;
}

async function downloadWorkbook() {
  busy(true);
  try {
    const res = await api('POST', 'api/workbook', profileBody());
    const blob = await res.blob();
    const year = (S.ranking && S.ranking.year) || S.meta.year;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = filenameOf(res) || `cityscore-${year}.xlsx`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (e) {
    showError(e);
  } finally {
    busy(false);
  }
}

function askName() {
  return new Promise((resolve) => {
    const dlg = $('#save-dialog');
    const input = $('#profile-name');
    dlg.returnValue = '';
    dlg.addEventListener('close', () => resolve(dlg.returnValue === 'ok' ? input.value.trim() : null), { once: true });
    dlg.showModal();
    input.select();
  });
}

async function saveProfile() {
  const n = await askName();
  if (!n) return;
  const send = (overwrite) => api('POST', 'api/profile', { name: n, profile: profileBody(), overwrite });
  busy(true);
  try {
    let res;
    try {
      res = await send(false);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 409) throw e;
      const path = (e.body && e.body.path) || n;
      if (!window.confirm(t('overwrite', { path }))) return;
      res = await send(true);
    }
    const data = await res.json();
    showNotice(t('saved', { path: data.path || n }));
  } catch (e) {
    showError(e);
  } finally {
    busy(false);
  }
}

function reset() {
  setControls();
  score();
}

// ---- Tabs ------------------------------------------------------------------------------
function selectTab(tab) {
  for (const b of $$('[role=tab]')) {
    const on = b === tab;
    b.setAttribute('aria-selected', on);
    b.tabIndex = on ? 0 : -1;
    $('#' + b.getAttribute('aria-controls')).hidden = !on;
  }
  $('#tooltip').hidden = true;
}
function onTabKey(ev) {
  const tabs = $$('[role=tab]');
  const i = tabs.indexOf(ev.target);
  if (i < 0) return;
  let j = null;
  if (ev.key === 'ArrowRight') j = (i + 1) % tabs.length;
  else if (ev.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
  else if (ev.key === 'Home') j = 0;
  else if (ev.key === 'End') j = tabs.length - 1;
  if (j == null) return;
  ev.preventDefault();
  tabs[j].focus();
  selectTab(tabs[j]);
}

// ---- Language ----------------------------------------------------------------------------
function applyLang() {
  document.documentElement.lang = S.lang === 'en' ? 'en' : 'zh-CN';
  $('#lang').value = S.lang;
  for (const el of $$('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of $$('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  $('#reset').title = t('reset_title');
  if (!S.meta) return;
  const fw = name(S.meta.framework.name);
  $('#title').textContent = `${fw} · ${S.meta.year}`;
  document.title = `${fw} ${S.meta.year} · cityscore`;
  const p = S.meta.profile || {};
  $('#subtitle').textContent = `${t('profile')}: ${p.name || ''}${p.file ? ' (' + p.file + ')' : ''} · v${S.meta.version}`;
  for (const el of $$('[data-name]')) {
    const id = el.dataset.name;
    el.textContent = name(S.meta.goals.find((g) => g.id === id) || S.meta.dimensions.find((d) => d.id === id));
  }
  setSaveState();
  fillMethods();
  buildFilters();
  updateShares();
  renderResults();
}

function setSaveState() {
  const b = $('#save-profile');
  b.disabled = !S.meta.can_save;
  const tip = S.meta.can_save ? '' : t('save_disabled');
  b.title = tip;
  $('#save-wrap').title = tip; // disabled buttons get no hover events
}

// ---- Wiring ------------------------------------------------------------------------------
function renderResults() {
  if (!S.ranking) return;
  renderTable();
  renderMap();
  renderScenarios();
}

function wire() {
  $('#error .close').addEventListener('click', hideError);
  $('#notice .close').addEventListener('click', () => { $('#notice').hidden = true; });
  $('#lang').addEventListener('change', () => {
    S.lang = $('#lang').value;
    try { localStorage.setItem('cityscore.lang', S.lang); } catch (_) { /* private mode */ }
    applyLang();
  });
  $('#reset').addEventListener('click', reset);
  $('#download-workbook').addEventListener('click', downloadWorkbook);
  $('#save-profile').addEventListener('click', saveProfile);
  $('#save-cancel').addEventListener('click', () => $('#save-dialog').close('cancel'));
  $('#ranking thead').addEventListener('click', onSortClick);
  document.addEventListener('click', (ev) => {
    const b = ev.target.closest('[data-city]');
    if (b) openCity(b.dataset.city);
  });
  $('#search').addEventListener('input', () => { S.search = $('#search').value; renderTable(); });
  $('#filters').addEventListener('change', (ev) => {
    const f = ev.target.dataset.filter;
    if (f) { S.filters[f] = ev.target.value; renderTable(); }
  });
  $('#group-col').addEventListener('change', () => { S.groupCol = $('#group-col').value; renderTable(); });
  $('#city-close').addEventListener('click', () => $('#city-dialog').close());
  $('#city-dialog').addEventListener('close', () => { $('#city-frame').srcdoc = ''; });
  for (const b of $$('[role=tab]')) b.addEventListener('click', () => selectTab(b));
  $('.tabs').addEventListener('keydown', onTabKey);
  $('#map-colour').addEventListener('change', () => { S.mapColour = $('#map-colour').value; renderMap(); });
  const map = $('#map');
  map.addEventListener('mouseover', onMapOver);
  map.addEventListener('focusin', onMapOver);
  map.addEventListener('mouseleave', () => { $('#tooltip').hidden = true; });
  map.addEventListener('click', (ev) => {
    const c = ev.target.closest('circle[data-unit]');
    if (c) openCity(c.dataset.unit);
  });
  map.addEventListener('keydown', (ev) => {
    const c = ev.target.closest('circle[data-unit]');
    if (c && (ev.key === 'Enter' || ev.key === ' ')) { ev.preventDefault(); openCity(c.dataset.unit); }
  });
  $('#pin-a').addEventListener('click', pinA);
  $('#clear-a').addEventListener('click', () => { S.pinA = null; $('#clear-a').disabled = true; renderScenarios(); });
}

async function init() {
  let saved = null;
  try { saved = localStorage.getItem('cityscore.lang'); } catch (_) { /* private mode */ }
  S.lang = saved === 'en' || saved === 'zh' ? saved : 'zh';
  applyLang();
  wire();
  busy(true);
  try {
    S.meta = await apiJSON('GET', 'api/meta');
    if (!saved && S.meta.lang === 'en') S.lang = 'en';
    if (S.meta.groupings.length && !S.meta.groupings.some((g) => g.id === S.groupCol)) S.groupCol = S.meta.groupings[0].id;
    buildControls();
    setControls();
    applyLang();
    await score();
    apiJSON('GET', 'api/map').then((m) => { S.mapInfo = m; renderMap(); renderAttribution(); }).catch(showError);
  } catch (e) {
    showError(e);
  } finally {
    busy(false);
  }
}

document.addEventListener('DOMContentLoaded', init);
