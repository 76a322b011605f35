// SPDX-License-Identifier: MIT
// The four steps of a conversion (token, upload, convert, download) as a list whose items carry their
// state in data-state (pending | active | done | failed | cancelled | skipped), a sentence, and a bar.
// A bar without a value is indeterminate: it is never given a percentage nobody measured.

import { formatDuration } from './messages.js';

const STATE_WORDS = {
  pending: 'waiting',
  active: 'in progress',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  skipped: 'not needed',
};

export class StepView {
  /** @param {HTMLOListElement} list @param {HTMLElement} statusLine */
  constructor(list, statusLine) {
    this.statusLine = statusLine;
    /** @type {Map<string, { li: HTMLElement, detail: HTMLElement, state: HTMLElement, bar: HTMLProgressElement, initial: string, started: number }>} */
    this.steps = new Map();
    for (const li of list.querySelectorAll('[data-step]')) {
      const detail = li.querySelector('.step-detail');
      this.steps.set(li.dataset.step, {
        li,
        detail,
        state: li.querySelector('.step-state'),
        bar: li.querySelector('progress'),
        initial: detail.textContent,
        started: 0,
      });
    }
  }

  /** Every step back to waiting. */
  reset() {
    for (const s of this.steps.values()) {
      s.li.dataset.state = 'pending';
      s.state.textContent = STATE_WORDS.pending;
      s.detail.textContent = s.initial;
      s.bar.max = 1;
      s.bar.value = 0;
      s.started = 0;
    }
  }

  /** The step now running, or null. */
  activeStep() {
    for (const [name, s] of this.steps) if (s.li.dataset.state === 'active') return name;
    return null;
  }

  stateOf(name) {
    return this.steps.get(name).li.dataset.state;
  }

  /**
   * @param {string} name
   * @param {'active' | 'done' | 'failed' | 'cancelled' | 'skipped'} state
   * @param {string} [detail]
   * @param {{ value: number, max: number } | null} [amount] measured progress; null = indeterminate
   */
  set(name, state, detail, amount = null) {
    const s = this.steps.get(name);
    if (state === 'active' && s.li.dataset.state !== 'active') s.started = performance.now();
    s.li.dataset.state = state;
    s.state.textContent = STATE_WORDS[state];
    if (detail !== undefined) s.detail.textContent = detail;
    if (state === 'active') {
      if (amount && amount.max > 0) {
        s.bar.max = amount.max;
        s.bar.value = Math.min(amount.value, amount.max);
      } else {
        s.bar.removeAttribute('value'); // indeterminate
      }
    } else {
      s.bar.max = 1;
      s.bar.value = state === 'done' || state === 'skipped' ? 1 : 0;
    }
  }

  /** How long a step has been (or was) active. */
  elapsed(name) {
    const s = this.steps.get(name);
    return s.started ? formatDuration(performance.now() - s.started) : '';
  }

  /** Ends every step still running or waiting, e.g. on an error or a cancel. */
  settle(state) {
    for (const [name, s] of this.steps) {
      if (s.li.dataset.state === 'active') this.set(name, state);
    }
  }

  /** The one-line summary read out by screen readers. */
  status(text) {
    this.statusLine.textContent = text;
  }
}
