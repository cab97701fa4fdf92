"""Hardened expat parsers for the parts of an .xlsx: the C parser, driven by small callbacks.

Why not defusedxml.ElementTree: to hook DTD and entity declarations it runs ElementTree's pure-Python
parser, which builds an element per tag; reading the national corpus spent most of its time there. Expat
itself is C; the handlers below refuse what defusedxml refuses (a DTD, an entity declaration, an external
reference) with defusedxml's own exceptions, so callers keep one set of excepts. `safety.screen` has already
refused any part whose bytes name a DTD or entity: this is the second line, for odd encodings.
"""

from __future__ import annotations

import pyexpat
from collections.abc import Callable
from typing import IO
from xml.etree import ElementTree

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

SEPARATOR = "}"  # namespaced names arrive as "uri}local", as ElementTree spells them after its "{"


def _dtd(name, sysid, pubid, has_internal_subset):
    raise DTDForbidden(name, sysid, pubid)


def _entity(name, is_parameter_entity, value, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _unparsed_entity(name, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _external(context, base, sysid, pubid):
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def parser(
    start: Callable[[str, dict[str, str]], None] | None = None,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
    *,
    namespaces: bool = True,
) -> pyexpat.XMLParserType:
    """An expat parser that refuses DTDs and entities; names are "uri}local" when namespaces is on."""
    p = pyexpat.ParserCreate(namespace_separator=SEPARATOR) if namespaces else pyexpat.ParserCreate()
    p.buffer_text = True  # one text callback per run of characters, not one per buffer boundary
    p.StartDoctypeDeclHandler = _dtd
    p.EntityDeclHandler = _entity
    p.UnparsedEntityDeclHandler = _unparsed_entity
    p.ExternalEntityRefHandler = _external
    if start is not None:
        p.StartElementHandler = start
    if end is not None:
        p.EndElementHandler = end
    if text is not None:
        p.CharacterDataHandler = text
    return p


def parse_stream(p: pyexpat.XMLParserType, stream: IO[bytes]) -> None:
    """Feed a whole binary stream (a zip member) to p; expat reads it in its own buffer-sized chunks."""
    p.ParseFile(stream)


def ns(uri_in_braces: str) -> str:
    """ "{uri}" as ElementTree writes a namespace -> the "uri}" prefix expat gives names."""
    return uri_in_braces[1:]


class Parts(dict[str, bytes]):
    """A workbook's XML parts as safety.screen decompressed them, by path, and what the screen learnt besides:
    the zip's member names and the small parts it parsed, so the reader need neither open the zip again nor
    parse those parts twice (a workbook's reading cost both once more)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] | None = None  # every member's name; None: not known, open the zip
        self.trees: dict[str, tuple[bytes, ElementTree.Element]] = {}  # path -> (bytes parsed, their tree)

    def tree(self, path: str, data: bytes) -> ElementTree.Element:
        """data as a tree: the screen's when it parsed these very bytes for this path, else parsed now."""
        known = self.trees.get(path)
        if known is not None and known[0] == data:
            return known[1]
        return tree(data)


def tree(data: bytes) -> ElementTree.Element:
    """A small part (workbook, relationships, styles) as an ElementTree element, names spelled "{uri}local"
    as ElementTree spells them: the hardened parser above feeding ElementTree's C tree builder."""
    builder = ElementTree.TreeBuilder()

    def start(name: str, attrs: dict[str, str]) -> None:
        if attrs:  # _et_name of each attribute name, spelt out: a part has many more attributes than elements
            attrs = {("{" + k if SEPARATOR in k else k): v for k, v in attrs.items()}
        builder.start(_et_name(name), attrs)

    def end(name: str) -> None:
        builder.end(_et_name(name))

    p = parser(start, end, builder.data)
    p.Parse(data, True)
    return builder.close()


def _et_name(name: str) -> str:
    return "{" + name if SEPARATOR in name else name
