"""How a map becomes a drawing, one step a module; options flow one way.

::

    options.py   RenderOptions: every drawing setting, checked once;
                 settle(map, opts) fills rankdir and wrap from the file's header
        |
    view.py      which part of the map is drawn (focus, depth, hide, timeline order)
        |
    palettes.py  colours, line styles and markers per kind, relation and value
    style.py     cards, argument labels and the legend as plain data (no DOT)
        |
    dot.py       the Graphviz DOT writer (consumes a view and its styling)
    fonts.py     the shipped font: the SVG font list, PNG and PDF with every letter

:mod:`argmap.render` is the public face: ``to_dot``, ``render``,
``render_bytes``, ``view`` and :class:`RenderOptions`.  Another writer (for
example the HTML one) takes the same view and styling and writes its own
format; it never needs the DOT writer.
"""
