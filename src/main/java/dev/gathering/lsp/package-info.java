/**
 * Language services: an Eclipse LSP4J client for the language servers installed on the machine (pylsp,
 * typescript-language-server, rust-analyzer, jdtls), one per project and language, started lazily and stopped when
 * idle; files are named and read through the workspace.
 */
package dev.gathering.lsp;
