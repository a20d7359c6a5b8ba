package dev.lmkit.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --model RUN}: the option every command that reads a trained model shares. */
final class ModelOption {
    @Option(names = "--model", required = true, description = "Run directory (its best.zip, else last.zip) or a model zip file.")
    Path path;
}
