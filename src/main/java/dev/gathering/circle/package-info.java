/**
 * Circles: teams of agents that receive tasks routed by competence, with reviews, file claims and conflicts, worked by
 * the circle worker as the circle's owner.
 */
package dev.gathering.circle;
