// SPDX-License-Identifier: MIT
// Where the page sends its requests: the API's base URL and the token endpoint, kept in localStorage.
// The defaults are the server that serves the page (npm start: the local server and its /demo/token).

const STORAGE_KEY = 'groupdocs-conversion-wasm/demo-settings';

/** @typedef {{ baseUrl: string, tokenUrl: string }} Settings */

/** @returns {Settings} */
export function defaultSettings() {
  return { baseUrl: location.origin, tokenUrl: new URL('/demo/token', location.origin).href };
}

/** @returns {Settings} */
export function loadSettings() {
  const defaults = defaultSettings();
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (saved && typeof saved === 'object') {
      const checked = checkSettings({ ...defaults, ...saved });
      if (!checked.error) return checked.settings;
    }
  } catch {
    // storage disabled or garbage in it: the defaults
  }
  return defaults;
}

/** @param {Settings} settings */
export function saveSettings(settings) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // private mode without storage: the settings last until the page is reloaded
  }
}

export function clearSettings() {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}

/**
 * Validates and normalises what the user typed.
 * @param {{ baseUrl?: unknown, tokenUrl?: unknown }} input
 * @returns {{ settings: Settings, error?: undefined } | { error: string, field: 'baseUrl' | 'tokenUrl' }}
 */
export function checkSettings(input) {
  const base = parseHttpUrl(input.baseUrl);
  if (!base || base.search || base.hash) {
    return {
      error: 'The API base URL must be an http:// or https:// address such as http://127.0.0.1:8080.',
      field: 'baseUrl',
    };
  }
  const token = parseHttpUrl(input.tokenUrl, location.href);
  if (!token) {
    return {
      error: 'The token endpoint must be an http:// or https:// address (or a path on this site, such as /demo/token).',
      field: 'tokenUrl',
    };
  }
  return { settings: { baseUrl: base.href.replace(/\/+$/, ''), tokenUrl: token.href } };
}

/** @param {unknown} value @param {string} [relativeTo] */
function parseHttpUrl(value, relativeTo) {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value.trim(), relativeTo);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
