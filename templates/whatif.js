// The brief's what-if: a reader moves an assumption and the gaps are worked out again here,
// by a port of gapreport's projection (src/gapreport/model/methods.py, check/plans.py,
// check/quantities.py, outlook/what_it_takes.py), in the same order of arithmetic, so the
// numbers are the model's own; tests/test_whatif.py holds it to the pipeline's. Without
// script the page is the published brief; this adds a section, loads and sends nothing.
(() => {
  'use strict';
  const source = document.getElementById('whatif-data');
  const after = document.getElementById('uncertainty') || document.getElementById('scenarios');
  if (!source || !after) return;
  const D = JSON.parse(source.textContent);
  const T = D.text;
  const say = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);

  // --- quantities: figures as published, assumptions as set, derived by their operation
  function quantities(setting) {
    const q = {};
    for (const [id, [unit, value, low, high]] of Object.entries(D.quantities)) {
      q[id] = {unit, value, low, high};
    }
    for (const a of D.assumptions) q[a.id] = {unit: q[a.id].unit, value: setting[a.id],
                                             low: a.low, high: a.high};
    for (const d of D.derived) q[d.id] = {unit: d.unit, value: derive(d, q)};
    return q;
  }
  function read(q, ref) {
    const [head, part] = ref.split('.');
    return q[head][part || 'value'];
  }
  function derive(d, q) {
    const operands = [...d.of.map(r => [q[r.split('.')[0]].unit, read(q, r), 1]),
                      ...d.minus.map(r => [q[r.split('.')[0]].unit, read(q, r), -1])];
    if (d.op === 'ratio') return operands[0][1] / operands[1][1] * 100.0;
    if (d.op === 'complement') return 100.0 - operands[0][1];
    if (d.op === 'sum') return operands.reduce((total, [, n, sign]) => total + sign * n, 0);
    let result = 1.0;  // a product: shares count as their fractions
    for (const [unit, n] of operands) result = result * (unit === 'percent' ? n / 100.0 : n);
    const counts = operands.filter(([unit]) => unit !== 'percent' && unit !== 'ratio');
    const all = operands.every(([unit]) => unit === 'percent');
    const unit = counts.length ? counts[0][0] : all ? 'percent' : 'ratio';
    return result * (unit === 'percent' ? 100.0 : 1.0);
  }

  // --- the methods, one path at a time
  function growth(r, q, years) {
    const base = read(q, r.base), amount = read(q, r.amount);
    const target = r.by === 'percent' ? base * (1 + amount / 100)
      : r.by === 'added' ? base + amount : amount;
    return years.map(year => {
      const share = (year - r.y0) / (r.y1 - r.y0);
      const ratio = base > 0 ? target / base : 1.0;
      return r.compound ? base * Math.pow(Math.max(ratio, 0.0), share)
        : base + (target - base) * share;
    });
  }
  function anchors(r, q, years) {
    const xp = r.years, fp = r.values.map(ref => read(q, ref)), n = xp.length;
    if (n === 1) return years.map(() => fp[0]);
    const slopes = fp.slice(1).map((v, i) => (v - fp[i]) / (xp[i + 1] - xp[i]));
    return years.map(year => {
      const segment = Math.min(Math.max(xp.filter(x => year >= x).length - 1, 0), n - 2);
      const afterEnd = year > xp[n - 1], outside = year < xp[0] || afterEnd;
      const base = afterEnd ? n - 1 : segment;
      const slope = r.hold && outside ? 0.0 : slopes[segment];
      return fp[base] + slope * (year - xp[base]);
    });
  }
  function trend(r, q, years) {
    const base = read(q, r.base), pace = read(q, r.change) / r.period;
    return years.map(year => base + pace * (year - r.y0));
  }
  const even = x => {  // Python's round(): halves to the even neighbour
    const floor = Math.floor(x), rest = x - floor;
    return rest > 0.5 || (rest === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  };
  function stockFlow(r, q, years, extra = 0, extraFrom = 0) {
    const rate = ref => (ref ? read(q, ref) / 100 : 0.0);
    const study = even(read(q, r.study));
    const grid = [];
    for (let y = r.y0; y <= years[years.length - 1]; y++) grid.push(y);
    const intake = anchors(r.intake, q, grid.map(y => y - study));
    const completion = rate(r.completion), share = rate(r.entry), move = rate(r.move);
    const fte = r.fte ? read(q, r.fte) : 1.0;
    const migration = (r.inflow ? read(q, r.inflow) : 0.0) - (r.outflow ? read(q, r.outflow) : 0.0);
    const entrants = grid.map((y, i) =>
      ((intake[i] * completion + extra * (y >= extraFrom ? 1 : 0)) * share + migration) * fte);
    const stock = read(q, r.stock), path = [];
    if (r.ages.length) {
      const shares = r.ages.map(([s]) => rate(s));
      const exits = r.ages.map(([, e]) => rate(e) + move);
      const ageing = [...r.widths.map(w => 1.0 / w), 0.0];
      let bands = shares.map(s => stock * s);
      grid.forEach((y, i) => {
        if (y > r.y0) {
          const kept = bands.map((b, k) => b * (1.0 - exits[k]));
          const moving = kept.map((k, j) => k * ageing[j]);
          const moved = kept.map((k, j) => k - moving[j]);
          for (let j = moved.length - 1; j > 0; j--) moved[j] += moving[j - 1];
          moved[0] += entrants[i];
          bands = moved;
        }
        path.push(bands.reduce((a, b) => a + b));
      });
    } else {
      const keep = 1.0 - (rate(r.exit) + move);
      let current = stock;
      grid.forEach((y, i) => {
        if (y > r.y0) current = current * keep + entrants[i];
        path.push(current);
      });
    }
    return years.map(y => path[y - r.y0]);
  }
  const METHODS = {growth, anchors, trend, stock_flow: stockFlow};
  const pathOf = (recipe, q, years) => METHODS[recipe.m](recipe, q, years);

  // Why a setting has no result: the checks the pipeline makes on a plan that could fail
  function unsound(recipe, q) {
    if (recipe.m !== 'stock_flow') return false;
    const rate = ref => (ref ? read(q, ref) / 100 : 0.0);
    const shares = recipe.ages.reduce((total, [s]) => total + rate(s), 0);
    if (recipe.ages.length && Math.abs(shares - 1) > 0.005) return true;
    const exits = recipe.ages.length ? recipe.ages.map(([, e]) => rate(e)) : [rate(recipe.exit)];
    const mean = recipe.ages.length
      ? recipe.ages.reduce((total, [s, e]) => total + rate(s) * rate(e), 0) : exits[0];
    return mean + rate(recipe.move) > 1;
  }

  // Every shown series: its need, supply and gap over the years, and what would close it
  function project(setting) {
    const q = quantities(setting), years = D.years, at = years.indexOf(D.key);
    return D.scenarios.map(s => {
      if (unsound(s.supply, q)) return {scenario: s, series: []};
      const supply = pathOf(s.supply, q, years);
      return {scenario: s, series: s.series.map(x => {
        const demand = pathOf(x.demand, q, years);
        const gap = demand.map((d, i) => d - supply[i]);
        return {id: x.id, end: x.end, gap, takes: x.takes ? takes(s.supply, q, demand[at]) : null};
      })};
    });
  }
  function takes(recipe, q, need) {
    const years = D.years, at = years.indexOf(D.key);
    const study = even(read(q, recipe.study));
    const from = Math.max(D.intake + study, recipe.y0 + 1);
    const now = stockFlow(recipe, q, years)[at];
    const perGraduate = stockFlow(recipe, q, years, 1.0, from)[at] - now;
    if (!(perGraduate > 0)) return null;
    const completion = read(q, recipe.completion) / 100;
    const extra = Math.max((need - now) / perGraduate, 0.0);
    const planned = recipe.intake.years[recipe.intake.years.length - 1];  // the latest intake
    const intake = anchors(recipe.intake, q, [planned])[0];
    return completion > 0 ? {places: extra / completion, from, intake, intakeYear: planned}
      : null;
  }

  // --- numbers as the brief writes a computed one: tens from a thousand up, the locale's signs
  function number(value) {
    let n = Math.abs(value) >= 1000 ? even(value / 10) * 10 : even(value);
    if (n === 0) n = 0;
    const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, D.number.group);
    return (n < 0 ? D.number.minus : '') + digits;
  }
  const typed = value => String(value).replace('.', D.number.decimal);
  const parsed = text => (text.trim() === '' ? NaN
    : Number(text.trim().replace(/[\s\u00a0\u202f]/g, '').replace(D.number.minus, '-')
      .replace(',', '.')));

  // --- the panel
  const el = (tag, attributes = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
    e.append(...children);
    return e;
  };
  const published = Object.fromEntries(D.assumptions.map(a => [a.id, a.value]));
  const setting = {...published};
  const ends = {};  // each band scenario's end shown: 'low' or 'high'
  const resets = [];  // what puts each control back to the published brief
  const end = D.years[D.years.length - 1];
  const labelOf = (s, x) => (x.end ? `${s.label} (${T[x.end]})` : s.label);
  const chosen = result =>
    result.series.filter(x => !x.end || x.end === ends[result.scenario.id]);

  function control(a) {
    const id = `whatif-${a.id}`;
    const moved = D.scenarios.filter(s => s.rests.includes(a.id)).map(s => s.label);
    const note = [say(T.range, {value: a.shown, low: typed(a.low), high: typed(a.high),
                                unit: a.unit}),
                  moved.length ? say(T.moves, {labels: moved.join(', ')}) : T.moves_none];
    const bounds = {min: a.low, max: a.high, step: a.step, 'aria-describedby': `${id}-note`};
    const slider = el('input', {type: 'range', id: `${id}-range`, 'aria-label': a.title,
                                ...bounds});
    slider.value = a.value;  // (once its range and step are known, or it snaps to another)
    const field = el('input', {type: 'text', id, inputmode: 'decimal', value: typed(a.value),
                               autocomplete: 'off', 'aria-describedby': `${id}-note ${id}-kept`});
    const kept = el('span', {id: `${id}-kept`, class: 'whatif-kept'});
    const set = (value, from) => {
      if (!Number.isFinite(value)) return;
      setting[a.id] = Math.min(Math.max(value, a.low), a.high);
      kept.textContent = '';
      if (from !== slider) slider.value = setting[a.id];
      if (from !== field) field.value = typed(setting[a.id]);
      update();
    };
    slider.addEventListener('input', () => set(slider.valueAsNumber, slider));
    field.addEventListener('input', () => set(parsed(field.value), field));
    field.addEventListener('change', () => {  // what the model uses, shown in the box
      const value = parsed(field.value);
      field.value = typed(setting[a.id]);
      if (Number.isFinite(value) && value !== setting[a.id]) {
        kept.textContent = say(T.kept, {value: typed(setting[a.id])});
      }
    });
    resets.push(() => {
      slider.value = a.value;
      field.value = typed(a.value);
      kept.textContent = '';
    });
    return el('div', {class: 'whatif-control'}, el('label', {for: id}, a.title),
      el('div', {class: 'whatif-inputs'}, slider,
        el('span', {class: 'whatif-field'}, field, el('span', {}, a.unit))),
      kept, el('p', {id: `${id}-note`, class: 'whatif-note'}, note.join(' ')));
  }

  function endChoice(s) {
    ends[s.id] = 'low';
    const group = el('fieldset', {class: 'whatif-control'},
      el('legend', {}, say(T.end, {label: s.label})));
    for (const side of ['low', 'high']) {
      const radio = el('input', {type: 'radio', name: `whatif-end-${s.id}`, value: side,
                                 id: `whatif-end-${s.id}-${side}`});
      radio.checked = side === 'low';
      radio.addEventListener('change', () => { ends[s.id] = side; update(); });
      resets.push(() => { radio.checked = side === 'low'; ends[s.id] = 'low'; });
      group.append(el('label', {for: radio.id, class: 'whatif-end'}, radio, ' ', T[side]));
    }
    return group;
  }

  const controls = el('div', {class: 'whatif-controls'},
    ...D.assumptions.map(control),
    ...D.scenarios.filter(s => s.series.length > 1).map(endChoice));
  const reset = el('button', {type: 'button', class: 'whatif-reset'}, T.reset);
  reset.addEventListener('click', () => {
    Object.assign(setting, published);
    resets.forEach(back => back());
    update();
  });
  controls.append(reset);

  const heads = [say(T.gap_in, {year: D.key}), say(T.gap_in, {year: end}),
                 say(T.published_in, {year: D.key})];
  const body = el('tbody');
  const table = el('table', {class: 'whatif-table', role: 'table'},
    el('caption', {id: 'whatif-caption'}, say(T.caption, {key_year: D.key, end})),
    el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, T.scenario),
      ...heads.map(h => el('th', {scope: 'col', class: 'num'}, h)))),
    body);
  const takesLines = el('div', {class: 'whatif-takes'});
  const live = el('p', {class: 'visually-hidden', 'aria-live': 'polite'});
  const chart = el('figure', {id: 'whatif-chart', class: 'chart whatif-chart',
                              'aria-labelledby': 'whatif-chart-title'},
    el('figcaption', {id: 'whatif-chart-title'}, el('h3', {}, T.chart)));
  const key = el('ul', {class: 'whatif-key'});
  const section = el('section', {id: 'whatif', class: 'whatif',
                                 'aria-labelledby': 'whatif-heading'},
    el('h2', {id: 'whatif-heading'}, T.heading), el('p', {}, T.intro),
    el('p', {class: 'whatif-note'}, T.caveat), controls,
    el('div', {class: 'table-scroll cards', tabindex: 0, role: 'region',
               'aria-labelledby': 'whatif-caption'}, table),
    takesLines, chart, key, live);
  after.after(section);
  const toc = document.querySelector('.toc ol a[href="#uncertainty"]');
  if (toc) toc.parentElement.after(el('li', {}, el('a', {href: '#whatif'}, T.heading)));

  const start = project(published);
  let announce = null;

  // One scenario's row: its gap in the key year and at the horizon, and as published
  function row(result, before) {
    const s = result.scenario, unit = D.units[s.unit], mine = chosen(result);
    if (!mine.length) {
      return el('tr', {'data-series': s.id}, el('th', {scope: 'row'}, s.label),
        el('td', {colspan: 3}, T.unsound));
    }
    const x = mine[0], was = chosen(before)[0];
    const cells = [[D.key, x.gap[D.years.indexOf(D.key)]], [end, x.gap[x.gap.length - 1]],
                   [null, was.gap[D.years.indexOf(D.key)]]];
    const name = el('th', {scope: 'row'}, labelOf(s, x));
    if (!s.rests.length) name.append(el('span', {class: 'whatif-fixed'}, T.fixed));
    return el('tr', {'data-series': x.id}, name,
      ...cells.map(([year, gap], i) => el('td', {class: 'num', 'data-label': heads[i],
                                                 ...(year ? {'data-year': year} : {})},
                                          `${number(gap)} ${unit}`)));
  }

  // What closing a scenario's own gap would take, at this setting and as published
  function takesLine(result, before) {
    const x = chosen(result)[0];
    if (!x || !x.takes) return null;
    const was = chosen(before).find(y => y.id === x.id);
    const values = {label: labelOf(result.scenario, x), places: number(x.takes.places),
                    from: x.takes.from, year: D.key, published: number(was.takes.places),
                    intake: number(x.takes.intake), intake_year: x.takes.intakeYear};
    return el('p', {'data-series': x.id, 'data-places': values.places},
      say(x.takes.places > 0 ? T.takes : T.takes_none, values));
  }

  function update() {
    const now = project(setting), at = D.years.indexOf(D.key);
    body.replaceChildren(...now.map((result, i) => row(result, start[i])));
    takesLines.replaceChildren(...now.map((r, i) => takesLine(r, start[i])).filter(Boolean));
    draw(now);
    const spoken = now.flatMap(r => chosen(r).slice(0, 1).map(x =>
      `${labelOf(r.scenario, x)}: ${number(x.gap[at])} ${D.units[r.scenario.unit]}`));
    clearTimeout(announce);
    announce = setTimeout(() => {
      live.textContent = say(T.announce, {year: D.key, gaps: spoken.join('; ')});
    }, 600);
  }

  // --- the gap over the years, this setting against the published one, a panel per unit
  const NS = 'http://www.w3.org/2000/svg';
  const svg = (tag, attributes = {}, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const TEXT = {'font-size': 12, fill: '#1a1a1a'};

  function ticks(low, high) {
    const raw = (high - low || 1) / 4, power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(m => m * power).find(s => s >= raw);
    const found = [];
    for (let i = Math.floor(low / step + 1e-9); i <= Math.ceil(high / step - 1e-9); i++) {
      found.push(i * step);
    }
    return found;
  }

  function draw(now) {
    const width = Math.max(260, Math.min(chart.clientWidth || 640, 720));
    for (const old of chart.querySelectorAll('svg')) old.remove();
    key.replaceChildren();
    for (const unit of new Set(now.map(r => r.scenario.unit))) {
      const lines = now.flatMap((result, i) => (result.scenario.unit !== unit ? [] :
        chosen(result).map(x => ({x, s: result.scenario,
                                  was: chosen(start[i]).find(y => y.id === x.id)}))));
      if (lines.length) chart.append(panel(unit, lines, width));
    }
  }

  // One unit's panel: ticks, the year axis, each line as published (dashed) and as set
  function panel(unit, lines, width) {
    const values = lines.flatMap(l => [...l.x.gap, ...l.was.gap]);
    const marks = ticks(Math.min(0, ...values), Math.max(...values));
    const low = marks[0], high = marks[marks.length - 1];
    const left = 64, right = width - 12, top = 30, bottom = 194, height = 236;
    const xs = year => left + (year - D.years[0]) / (end - D.years[0]) * (right - left);
    const ys = v => bottom - (v - low) / (high - low || 1) * (bottom - top);
    const name = D.units[unit];
    const picture = svg('svg', {viewBox: `0 0 ${width} ${height}`, width, height,
      role: 'img', 'aria-label': say(T.chart_desc, {unit: name}), class: 'whatif-svg'});
    picture.append(svg('text', {x: 4, y: 16, ...TEXT}, name[0].toUpperCase() + name.slice(1)));
    for (const m of marks) {
      const zero = m === 0;
      picture.append(svg('line', {x1: left, x2: right, y1: ys(m), y2: ys(m),
        stroke: zero ? '#595959' : '#d9d9d9', 'stroke-width': zero ? 1 : 0.6}));
      picture.append(svg('text', {x: left - 6, y: ys(m) + 4, 'text-anchor': 'end', ...TEXT},
        number(m)));
    }
    const labelled = [];
    for (const year of [D.years[0], end, D.key, ...D.years.filter(y => y % 5 === 0)]) {
      if (labelled.some(y => Math.abs(xs(y) - xs(year)) < 44)) continue;  // no room
      labelled.push(year);
      const anchor = year === end ? 'end' : year === D.years[0] ? 'start' : 'middle';
      picture.append(svg('line', {x1: xs(year), x2: xs(year), y1: bottom, y2: bottom + 4,
        stroke: '#595959'}));
      picture.append(svg('text', {x: xs(year), y: bottom + 18, 'text-anchor': anchor, ...TEXT},
        String(year)));
    }
    const points = gap => gap.map((v, i) => `${xs(D.years[i]).toFixed(1)},${ys(v).toFixed(1)}`)
      .join(' ');
    for (const line of lines) {
      const colour = line.s.colour, label = labelOf(line.s, line.x);
      picture.append(svg('polyline', {points: points(line.was.gap), fill: 'none',
        stroke: colour, 'stroke-width': 1.5, 'stroke-dasharray': '4 3', opacity: 0.7}));
      picture.append(svg('polyline', {points: points(line.x.gap), fill: 'none',
        stroke: colour, 'stroke-width': 2.5}));
      for (const [look, text] of [['', T.key_now], [' was', T.key_was]]) {
        key.append(el('li', {}, el('span', {class: `whatif-swatch${look}`,
          style: `border-color:${colour}`}), say(text, {label})));
      }
    }
    return picture;
  }

  update();
  live.textContent = '';
  let shownWidth = chart.clientWidth;
  window.addEventListener('resize', () => {
    if (chart.clientWidth !== shownWidth) {
      shownWidth = chart.clientWidth;
      draw(project(setting));
    }
  });
})();
