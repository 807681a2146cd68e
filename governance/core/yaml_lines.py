"""Where a key is in a YAML file: the line a person opens the file at, for every setting file's messages."""

from __future__ import annotations

import yaml

Lines = dict[tuple, int]


def line_index(text: str) -> Lines:
    """Key path -> line number (1-based) of every node in the YAML text; {} when the text is not YAML."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    index: Lines = {}

    def walk(node: yaml.Node, path: tuple) -> None:
        index.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    index[path + (key.value,)] = key.start_mark.line + 1
                    walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                walk(item, path + (position,))

    if root is not None:
        walk(root, ())
    return index


def line_for(loc: tuple, lines: Lines) -> int | None:
    """The line of `loc`, or of its nearest parent that is in the file (a missing key: its section's line)."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None
