/**
 * The web UI's plumbing (see docs/architecture.md, "Dashboard"): the JTE template engine, the shared layout's
 * {@link dev.gathering.platform.ui.Page} and sidebar ({@link dev.gathering.platform.ui.Navigation}, which features
 * add their entries to by implementing {@link dev.gathering.platform.ui.NavContributor}), static assets with cache
 * headers, the HTML error pages and toasts ({@link dev.gathering.platform.ui.UiErrors}) and the pages' live event
 * stream {@code /ui/events/stream}. Pages themselves live in their features' packages as
 * {@link dev.gathering.platform.ui.UiController}s.
 */
package dev.gathering.platform.ui;
