/**
 * The one way to build a cache: bounded Caffeine caches, each named and measured.
 */
package dev.gathering.platform.cache;
