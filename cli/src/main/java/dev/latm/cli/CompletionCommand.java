package dev.latm.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code latm completion}: picocli's generated bash/zsh completion script for every latm command. */
@Command(name = "completion", mixinStandardHelpOptions = true, helpCommand = true,
        description = {"Print a bash (and zsh, via bashcompinit) completion script for latm.",
            "Try it:      source <(./latm completion)",
            "Install it:  ./latm completion > ~/.local/share/bash-completion/completions/latm",
            "The script completes 'latm', so put the launcher on PATH under that name."})
final class CompletionCommand extends AutoComplete.GenerateCompletion {
}
