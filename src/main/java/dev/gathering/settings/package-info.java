/**
 * Settings changed at run time by administrators: provider keys and URLs, log level, pool size.
 */
package dev.gathering.settings;
