"""SVG files laid out the way their editors write them, with a marker in each private field."""

from __future__ import annotations


def inkscape_svg(user: str, creator: str) -> bytes:
    """Inkscape 1.2's "Inkscape SVG": namespaces declared last on <svg>, `sodipodi:docname` and
    `inkscape:export-filename` with the author's home path, a `sodipodi:namedview`, a Dublin Core
    creator in <metadata>, layers as `inkscape:groupmode` groups."""
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->

<svg
   width="210mm"
   height="297mm"
   viewBox="0 0 210 297"
   version="1.1"
   id="svg5"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)"
   sodipodi:docname="fox.svg"
   inkscape:export-filename="/home/{user}/Pictures/fox.png"
   inkscape:export-xdpi="96"
   inkscape:export-ydpi="96"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview
     id="namedview7"
     pagecolor="#ffffff"
     bordercolor="#000000"
     borderopacity="0.25"
     inkscape:showpageshadow="2"
     inkscape:pageopacity="0.0"
     inkscape:pagecheckerboard="0"
     inkscape:deskcolor="#d1d1d1"
     inkscape:document-units="mm"
     showgrid="false"
     inkscape:zoom="0.74564394"
     inkscape:cx="396.97202"
     inkscape:cy="561.25"
     inkscape:window-width="1920"
     inkscape:window-height="1011"
     inkscape:window-x="0"
     inkscape:window-y="32"
     inkscape:window-maximized="1"
     inkscape:current-layer="layer1" />
  <defs
     id="defs2">
    <linearGradient
       inkscape:collect="always"
       id="linearGradient1">
      <stop
         style="stop-color:#ff6600;stop-opacity:1;"
         offset="0"
         id="stop1" />
      <stop
         style="stop-color:#ff6600;stop-opacity:0;"
         offset="1"
         id="stop2" />
    </linearGradient>
    <linearGradient
       inkscape:collect="always"
       xlink:href="#linearGradient1"
       id="linearGradient3"
       x1="20"
       y1="20"
       x2="180"
       y2="180"
       gradientUnits="userSpaceOnUse" />
  </defs>
  <metadata
     id="metadata5">
    <rdf:RDF>
      <cc:Work
         rdf:about="">
        <dc:format>image/svg+xml</dc:format>
        <dc:type
           rdf:resource="http://purl.org/dc/dcmitype/StillImage" />
        <dc:creator>
          <cc:Agent>
            <dc:title>{creator}</dc:title>
          </cc:Agent>
        </dc:creator>
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <g
     inkscape:label="Layer 1"
     inkscape:groupmode="layer"
     id="layer1">
    <path
       style="fill:url(#linearGradient3);stroke:#000000;stroke-width:0.264583"
       d="m 20,180 80,-160 80,160 z"
       id="path1"
       sodipodi:nodetypes="cccc"
       inkscape:export-filename="/home/{user}/Pictures/fox-ear.png"
       inkscape:export-xdpi="96"
       inkscape:export-ydpi="96" />
    <text
       xml:space="preserve"
       style="font-size:10.5833px;fill:#000000"
       x="40"
       y="200"
       id="text1"><tspan
         sodipodi:role="line"
         id="tspan1"
         x="40"
         y="200">Fox <tspan
           style="font-weight:bold"
           id="tspan2">in</tspan> snow</tspan></text>
    <use
       xlink:href="#path1"
       transform="translate(10,10)"
       id="use1" />
  </g>
</svg>
""".encode()


def illustrator_svg(owner: str) -> bytes:
    """Illustrator's "Save As SVG" with editing kept, once its DOCTYPE entities are written out
    (as every tool that re-saves it does): a generator comment, `i:`/`x:`/`graph:` namespaces, an
    `x:xmpmeta` packet in <metadata>, the `switch`/`foreignObject` pair pointing at `i:pgf`, and
    the private document itself in `i:pgf`."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 24.0.1, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<svg version="1.1" xmlns:x="http://ns.adobe.com/Extensibility/1.0/" xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/" xmlns:graph="http://ns.adobe.com/Graphs/1.0/"
\t xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" x="0px" y="0px" width="100px"
\t height="100px" viewBox="0 0 100 100" style="enable-background:new 0 0 100 100;" xml:space="preserve">
<style type="text/css">
\t.st0{{fill:#1D71B8;}}
</style>
<metadata>
\t<sfw  xmlns="http://ns.adobe.com/SaveForWeb/1.0/">
\t\t<slices></slices>
\t\t<sliceSourceBounds  bottomLeftOrigin="true" height="100" width="100" x="0" y="0"></sliceSourceBounds>
\t</sfw>
\t<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 5.6-c148">
\t\t<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
\t\t\t<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
\t\t\t\t<dc:creator><rdf:Seq><rdf:li>{owner}</rdf:li></rdf:Seq></dc:creator>
\t\t\t</rdf:Description>
\t\t</rdf:RDF>
\t</x:xmpmeta>
</metadata>
<switch>
\t<foreignObject requiredExtensions="http://ns.adobe.com/AdobeIllustrator/10.0/" x="0" y="0" width="1" height="1">
\t\t<i:pgfRef  xlink:href="#adobe_illustrator_pgf">
\t\t</i:pgfRef>
\t</foreignObject>
\t<g i:extraneous="self">
\t\t<circle class="st0" cx="50" cy="50" r="40"/>
\t</g>
</switch>
<i:pgf  id="adobe_illustrator_pgf">
\t<![CDATA[
\teJzsvWmTHMeRIPi9zeo/ZEsjbfc02wgeMu2IWOZPFPoxtHnDEW9cR{owner}
\t]]>
</i:pgf>
</svg>
""".encode()


def sketch_svg() -> bytes:
    """Sketch's export: a generator comment, `sketch:type` attributes and its own namespace."""
    return b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="24px" height="24px" viewBox="0 0 24 24" version="1.1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:sketch="http://www.bohemiancoding.com/sketch/ns">
    <!-- Generator: Sketch 3.3.2 (12043) - http://www.bohemiancoding.com/sketch -->
    <title>icon</title>
    <desc>Created with Sketch.</desc>
    <defs></defs>
    <g id="Page-1" stroke="none" stroke-width="1" fill="none" fill-rule="evenodd" sketch:type="MSPage">
        <g id="Artboard" sketch:type="MSArtboardGroup" fill="#D8D8D8">
            <rect id="Rectangle-1" sketch:type="MSShapeGroup" x="2" y="2" width="20" height="20"></rect>
        </g>
    </g>
</svg>
"""


def embedding_svg(picture: bytes, mime: str = "image/jpeg") -> bytes:
    """Inkscape's "Import > Embed": the picture as a base64 `data:` address on an <image>."""
    import base64

    encoded = base64.b64encode(picture).decode("ascii")
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg
   width="120"
   height="90"
   viewBox="0 0 120 90"
   version="1.1"
   id="svg1"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg">
  <image
     width="120"
     height="90"
     preserveAspectRatio="none"
     xlink:href="data:{mime};base64,{encoded}"
     id="image1"
     x="0"
     y="0" />
</svg>
""".encode()
