/**
 * Personas: reusable characters agents are created from; built-in ones belong to the administrator.
 */
package dev.gathering.persona;
