/**
 * GatheRing: a collaborative multi-agent AI server. One package per feature (its controller, service, repository and
 * records); {@code platform} is the plumbing they share and depends on none of them (see docs/architecture.md).
 */
package dev.gathering;
