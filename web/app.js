// SPDX-License-Identifier: MIT
// The demo page: pick or drop a document, choose a target format, convert it through the package, watch
// each step, cancel, download the result. Imports the package by name, as an application would (the
// import map in index.html resolves it to dist/index.web.mjs; the glue finds gdconv.wasm beside itself).

import { ConversionClient } from 'groupdocs-conversion-wasm';
import { fetchToken, secondsLeft, supportedTargets } from './api.js';
import { describeError, formatBytes, formatDuration, formatLabel, statusWords } from './messages.js';
import { StepView } from './progress.js';
import { ResultView } from './result.js';
import { checkSettings, clearSettings, defaultSettings, loadSettings, saveSettings } from './settings.js';

const $ = (id) => /** @type {any} */ (document.getElementById(id));
const el = {
  form: $('convert-form'),
  file: $('file'),
  fileInfo: $('file-info'),
  dropZone: $('drop-zone'),
  format: $('format'),
  fromPage: $('from-page'),
  toPage: $('to-page'),
  password: $('password'),
  optionsError: $('options-error'),
  convert: $('convert'),
  cancel: $('cancel'),
  error: $('error'),
  serverLabel: $('server-label'),
  settingsToggle: $('settings-toggle'),
  settings: $('settings'),
  settingsForm: $('settings-form'),
  baseUrl: $('base-url'),
  tokenUrl: $('token-url'),
  settingsError: $('settings-error'),
  settingsReset: $('settings-reset'),
};
const steps = new StepView(document.querySelector('.steps'), $('status'));
const results = new ResultView({
  section: $('result'),
  list: $('files'),
  preview: $('preview'),
  heading: $('result-title'),
});

const state = {
  settings: loadSettings(),
  /** @type {Promise<any> | null} the ConversionClient for the current settings */
  client: null,
  /** @type {File | null} */
  file: null,
  sourceFormat: '',
  /** @type {AbortController | null} the formats lookup in flight */
  lookup: null,
  /** @type {{ controller: AbortController, tokenFetched: boolean } | null} the conversion in flight */
  run: null,
  /** the token last handed to the client, to say how long it stays valid */
  clientToken: '',
};

// ----- the client -----

function getClient() {
  const { baseUrl, tokenUrl } = state.settings;
  state.client ??= ConversionClient.create({
    baseUrl,
    // Called by the client whenever it needs a token (first use, near expiry, after a 401): the page asks
    // its backend, which holds the credentials. The client caches the token until shortly before `exp`.
    accessToken: async () => {
      if (state.run) {
        state.run.tokenFetched = true;
        if (steps.stateOf('token') === 'active')
          steps.set('token', 'active', `Asking ${hostOf(tokenUrl)} for a token…`);
      }
      const token = await fetchToken(tokenUrl);
      state.clientToken = token;
      return token;
    },
  }).catch((err) => {
    state.client = null;
    throw err;
  });
  return state.client;
}

function applySettings(settings) {
  state.settings = settings;
  state.clientToken = '';
  const old = state.client;
  state.client = null;
  old?.then(
    (client) => client.close(),
    () => {},
  );
  const sameSite = new URL(settings.baseUrl).origin === location.origin;
  el.serverLabel.textContent = `${settings.baseUrl}${sameSite ? ' (this site)' : ''}`;
}

// ----- choosing a file and a format -----

async function chooseFile(file) {
  state.file = file;
  hideError();
  state.lookup?.abort();
  if (!file) {
    el.fileInfo.textContent = 'No file chosen.';
    setFormats([], 'Choose a document first');
    steps.status('Choose a document to begin.');
    return;
  }
  const ext = /\.([^./\\]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  state.sourceFormat = ext;
  el.fileInfo.textContent = `${file.name} — ${formatBytes(file.size)}`;
  if (!ext) {
    setFormats([], 'Unknown type: the file name has no extension');
    steps.status(
      `${file.name} has no extension, so its type is unknown. Rename it (e.g. report.docx) and choose it again.`,
    );
    return;
  }
  setFormats([], 'Loading formats…');
  steps.status(`Looking up what .${ext} converts to…`);
  const lookup = new AbortController();
  state.lookup = lookup;
  try {
    const targets = await supportedTargets(await getClient(), ext, lookup.signal);
    if (lookup.signal.aborted) return;
    if (targets.length === 0) {
      setFormats([], `No conversions for .${ext} files`);
      steps.status(
        `This server does not convert .${ext} files. Try a Word, Excel, PowerPoint, OpenDocument or PDF file.`,
      );
      return;
    }
    setFormats(targets);
    steps.status(`Ready: ${file.name} → ${el.format.value.toUpperCase()}. Press Convert.`);
  } catch (err) {
    if (lookup.signal.aborted) return;
    setFormats([], 'Formats unavailable');
    steps.status('Could not load the formats.');
    showError(err);
  } finally {
    if (state.lookup === lookup) state.lookup = null;
  }
}

function setFormats(targets, placeholder = '') {
  const previous = el.format.value;
  el.format.replaceChildren();
  if (targets.length === 0) {
    el.format.append(new Option(placeholder, ''));
    el.format.disabled = true;
  } else {
    for (const f of targets) el.format.append(new Option(formatLabel(f), f));
    el.format.value = targets.includes(previous) ? previous : targets.includes('pdf') ? 'pdf' : targets[0];
    el.format.disabled = Boolean(state.run);
  }
  updateButtons();
}

function updateButtons() {
  const running = Boolean(state.run);
  el.convert.disabled = running || !state.file || !el.format.value;
  el.cancel.disabled = !running;
}

// ----- options -----

/** @returns {{ loadOptions?: object, convertOptions?: object } | null} null when the page range is invalid */
function readOptions() {
  el.optionsError.hidden = true;
  for (const input of [el.fromPage, el.toPage]) input.removeAttribute('aria-invalid');
  const from = el.fromPage.value.trim();
  const to = el.toPage.value.trim();
  const bad = (input, text) => {
    input.setAttribute('aria-invalid', 'true');
    el.optionsError.textContent = text;
    el.optionsError.hidden = false;
    input.focus();
    return null;
  };
  const fromN = from === '' ? null : Number(from);
  const toN = to === '' ? null : Number(to);
  if (fromN !== null && !(Number.isInteger(fromN) && fromN >= 1))
    return bad(el.fromPage, 'From page must be a whole number, 1 or more.');
  if (toN !== null && !(Number.isInteger(toN) && toN >= 1))
    return bad(el.toPage, 'To page must be a whole number, 1 or more.');
  if (fromN !== null && toN !== null && toN < fromN) return bad(el.toPage, 'To page must not be before From page.');
  const options = {};
  if (fromN !== null || toN !== null) {
    const start = fromN ?? 1;
    options.convertOptions = toN === null ? { fromPage: start } : { fromPage: start, pagesCount: toN - start + 1 };
  }
  if (el.password.value !== '') options.loadOptions = { password: el.password.value };
  return options;
}

// ----- converting -----

async function convert() {
  if (state.run || !state.file || !el.format.value) return;
  const options = readOptions();
  if (!options) return;
  const file = state.file;
  const format = el.format.value;
  const run = { controller: new AbortController(), tokenFetched: false };
  state.run = run;
  hideError();
  results.clear();
  steps.reset();
  setRunning(true);
  const started = performance.now();
  steps.status(`Converting ${file.name} to ${format.toUpperCase()}…`);

  const onProgress = (event) => {
    if (state.run !== run) return;
    if (event.type === 'stage') onStage(event.stage, file);
    else if (event.type === 'status') steps.set('convert', 'active', `${statusWords(event.status)}…`);
    else if (event.type === 'upload') onUploadBytes(event, file);
    else if (event.type === 'download') onDownload(event);
  };

  try {
    const client = await getClient();
    const { files } = await client.convert(file, {
      format,
      fileName: file.name,
      ...options,
      onProgress,
      signal: run.controller.signal,
    });
    const total = files.reduce((n, f) => n + f.size, 0);
    steps.set(
      'download',
      'done',
      `${files.length === 1 ? files[0].name : `${files.length} files`}, ${formatBytes(total)} in ${steps.elapsed('download')}`,
    );
    const took = formatDuration(performance.now() - started);
    steps.status(`Done: ${file.name} → ${format.toUpperCase()} in ${took}.`);
    results.show(files, `${file.name} → ${formatLabel(format)}, ${formatBytes(total)}, in ${took}`);
    finishRun(run);
    $('result-title').focus();
  } catch (err) {
    const cancelled = run.controller.signal.aborted;
    finishRun(run);
    if (cancelled) {
      const where = steps.activeStep();
      steps.settle('cancelled');
      if (where)
        steps.set(
          where,
          'cancelled',
          where === 'convert' ? 'Cancelled. The server may still finish it, but nothing is downloaded.' : 'Cancelled.',
        );
      steps.status('Cancelled. Nothing was downloaded.');
      el.convert.focus();
      return;
    }
    const where = steps.activeStep();
    steps.settle('failed');
    if (where) steps.set(where, 'failed', 'Failed — see below.');
    const words = showError(err, { passwordGiven: Boolean(options.loadOptions?.password) });
    steps.status(`Failed: ${words.title}.`);
    if (/password/i.test(words.title)) el.password.focus();
    else el.convert.focus();
  }
}

function onStage(stage, file) {
  const run = state.run;
  if (stage === 'token') {
    steps.set('token', 'active', 'Getting an access token…');
    return;
  }
  if (steps.stateOf('token') === 'active') {
    const left = state.clientToken ? secondsLeft(state.clientToken) : null;
    const validity =
      left === null ? '' : ` (valid for ${left >= 120 ? `${Math.round(left / 60)} min` : formatDuration(left * 1000)})`;
    steps.set(
      'token',
      'done',
      run?.tokenFetched
        ? `Token received from ${hostOf(state.settings.tokenUrl)}${validity}`
        : `Using the token fetched earlier${validity}`,
    );
  }
  if (stage === 'upload') {
    steps.set('upload', 'active', `Uploading ${formatBytes(file.size)}…`);
    steps.status(`Uploading ${file.name} (${formatBytes(file.size)})…`);
  } else if (stage === 'convert') {
    if (steps.stateOf('upload') === 'active')
      steps.set('upload', 'done', `Uploaded ${formatBytes(file.size)} in ${steps.elapsed('upload')}`);
    steps.set('convert', 'active', 'Starting the conversion…');
    steps.status('Converting on the server…');
  } else if (stage === 'download') {
    if (steps.stateOf('convert') === 'active') steps.set('convert', 'done', `Converted in ${steps.elapsed('convert')}`);
    steps.set('download', 'active', 'Downloading the result…');
    steps.status('Downloading the result…');
  }
}

/** Byte-level upload progress ({ type: 'upload', loaded, total }): the client reports it every 1 % or 100 ms. */
function onUploadBytes({ loaded, total }, file) {
  if (!(Number.isFinite(loaded) && Number.isFinite(total) && total > 0)) return;
  const percent = Math.floor((loaded / total) * 100);
  steps.set('upload', 'active', `Uploading ${formatBytes(loaded)} of ${formatBytes(total)} (${percent}%)…`, {
    value: loaded,
    max: total,
  });
  // The status line is a live region: a screen reader hears every tenth, not every percent.
  const tenth = Math.floor(percent / 10);
  if (state.run && state.run.announcedTenth !== tenth) {
    state.run.announcedTenth = tenth;
    steps.status(`Uploading ${file.name}: ${percent}%`);
  }
}

/** { type: 'download', index, count } before each file; `loaded`/`total` when the client reports bytes. */
function onDownload({ index, count, loaded, total }) {
  const which = count > 1 ? `file ${index + 1} of ${count}` : 'the result';
  if (Number.isFinite(loaded) && Number.isFinite(total) && total > 0) {
    steps.set('download', 'active', `Downloading ${which}: ${formatBytes(loaded)} of ${formatBytes(total)}…`, {
      value: loaded,
      max: total,
    });
  } else {
    // Files done out of files to fetch: counted, not guessed.
    steps.set('download', 'active', `Downloading ${which}…`, count > 1 ? { value: index, max: count } : null);
  }
}

function finishRun(run) {
  if (state.run !== run) return;
  state.run = null;
  setRunning(false);
}

function setRunning(running) {
  document.body.dataset.running = String(running);
  for (const input of [el.file, el.fromPage, el.toPage, el.password]) input.disabled = running;
  el.format.disabled = running || el.format.options.length === 0 || !el.format.value;
  el.dropZone.classList.toggle('disabled', running);
  updateButtons();
  // Convert was just pressed and is now disabled: keep the keyboard user next to the action that matters.
  if (running) el.cancel.focus();
}

// ----- errors -----

function showError(err, extra = {}) {
  const words = describeError(err, { ...state.settings, ...extra });
  el.error.querySelector('.error-title').textContent = words.title;
  el.error.querySelector('.error-text').textContent = words.text;
  el.error.querySelector('.error-code').textContent = words.details;
  el.error.hidden = false;
  return words;
}

function hideError() {
  el.error.hidden = true;
}

// ----- settings panel -----

function openSettings(open) {
  el.settings.hidden = !open;
  el.settingsToggle.setAttribute('aria-expanded', String(open));
  if (open) {
    el.baseUrl.value = state.settings.baseUrl;
    el.tokenUrl.value = state.settings.tokenUrl;
    el.settingsError.hidden = true;
    el.baseUrl.focus();
  }
}

function saveSettingsFromForm() {
  for (const input of [el.baseUrl, el.tokenUrl]) input.removeAttribute('aria-invalid');
  const checked = checkSettings({ baseUrl: el.baseUrl.value, tokenUrl: el.tokenUrl.value });
  if (checked.error) {
    el.settingsError.textContent = checked.error;
    el.settingsError.hidden = false;
    const input = checked.field === 'baseUrl' ? el.baseUrl : el.tokenUrl;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  saveSettings(checked.settings);
  settingsChanged(checked.settings);
}

function settingsChanged(settings) {
  applySettings(settings);
  openSettings(false);
  el.settingsToggle.focus();
  steps.status(`Settings saved: API ${settings.baseUrl}, tokens from ${settings.tokenUrl}.`);
  if (state.file) chooseFile(state.file);
}

// ----- wiring -----

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');

function wire() {
  el.file.addEventListener('change', () => chooseFile(el.file.files?.[0] ?? null));
  el.format.addEventListener('change', () => {
    updateButtons();
    if (state.file && el.format.value)
      steps.status(`Ready: ${state.file.name} → ${el.format.value.toUpperCase()}. Press Convert.`);
  });
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    convert();
  });
  el.cancel.addEventListener('click', () => state.run?.controller.abort());

  // Dropping a file anywhere on the page picks it (the browser would otherwise navigate away to it).
  let depth = 0;
  window.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    depth += 1;
    el.dropZone.classList.add('dragging');
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) el.dropZone.classList.remove('dragging');
  });
  window.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = state.run ? 'none' : 'copy';
  });
  window.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    el.dropZone.classList.remove('dragging');
    if (state.run) return;
    const files = event.dataTransfer.files;
    if (!files?.length) return;
    el.file.files = files; // one source of truth: the input shows the dropped file too
    chooseFile(files[0]);
  });

  el.settingsToggle.addEventListener('click', () => openSettings(el.settings.hidden));
  el.settingsForm.addEventListener('submit', (event) => {
    event.preventDefault();
    saveSettingsFromForm();
  });
  el.settingsReset.addEventListener('click', () => {
    clearSettings();
    const defaults = defaultSettings();
    el.baseUrl.value = defaults.baseUrl;
    el.tokenUrl.value = defaults.tokenUrl;
    settingsChanged(defaults);
  });
  el.settings.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      openSettings(false);
      el.settingsToggle.focus();
    }
  });
}

applySettings(state.settings);
wire();
// A file chosen before the module ran (a fast user, or the browser restoring the form on reload).
if (el.file.files?.length) chooseFile(el.file.files[0]);
document.documentElement.dataset.ready = 'true';
