/**
 * The web edge: the one error mapper (problem+json), strict JSON input, parameter and body checks, request ids,
 * security headers, the container's error pages, WebSocket upgrades and the OpenAPI document.
 */
package dev.gathering.platform.web;
