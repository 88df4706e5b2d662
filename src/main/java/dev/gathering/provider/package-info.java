/**
 * LLM providers and their models (prices, capabilities), and the connection settings of each provider.
 */
package dev.gathering.provider;
