/**
 * The command line: one picocli class per command, thin over the packages below; bad input becomes one line
 * on stderr and exit status 2 ({@link dev.lmkit.cli.Main}).
 */
package dev.lmkit.cli;
