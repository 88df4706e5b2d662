/**
 * Tools agents may call during a chat, with their JSON specifications and time limits.
 */
package dev.gathering.tool;
