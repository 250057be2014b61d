#!/usr/bin/env python3
"""QGIS side of the atlas benchmark (bench/atlas_bench.sh, bench/README.md "Atlas").

Builds a print layout with an atlas over the zones layer -- an A4 portrait page with a title
(the zone's name), a map that follows the atlas feature (zones, buildings, roads, routes), a
legend and a scale bar -- and exports the whole atlas to one PDF. Runs headless:

    QT_QPA_PLATFORM=offscreen python3 bench/atlas_qgis.py --gpkg-dir DIR -o atlas.pdf

DIR holds zones.gpkg, buildings.gpkg, routes.gpkg and roads.gpkg as written by
`cordon-cli export`. Prints one JSON line: pages, the seconds of the export alone and of
setting up (QGIS start, loading layers, building the layout), and the export's CPU seconds
(all threads of the process).
"""

import argparse
import json
import os
import sys
import time

t_start = time.perf_counter()

from qgis.core import (  # noqa: E402
    Qgis,
    QgsApplication,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsScaleBarSettings,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402


def load(gpkg_dir, name, project):
    path = os.path.join(gpkg_dir, name + ".gpkg")
    layer = QgsVectorLayer(path, name, "ogr")
    if not layer.isValid():
        sys.exit(f"atlas_qgis.py: cannot open {path}")
    project.addMapLayer(layer)
    return layer


def style(layer, colour, outline=None, width=None):
    """A single symbol: fill and outline for polygons, colour and width (mm) for lines."""
    symbol = layer.renderer().symbol()
    symbol.setColor(QColor(colour))
    if outline is not None:
        symbol.symbolLayer(0).setStrokeColor(QColor(outline))
    if width is not None:
        symbol.setWidth(width)
    layer.triggerRepaint()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gpkg-dir", required=True)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()

    # Bottom to top, as the map draws them.
    zones = load(args.gpkg_dir, "zones", project)
    buildings = load(args.gpkg_dir, "buildings", project)
    roads = load(args.gpkg_dir, "roads", project)
    routes = load(args.gpkg_dir, "routes", project)
    # Draw in the layers' own CRS (the project's UTM zone), as Cordon does.
    project.setCrs(zones.crs())
    style(zones, "#fde0c5", outline="#d9480f")
    style(buildings, "#c8c2b8", outline="#8a8275")
    style(roads, "#9a9a9a", width=0.35)
    style(routes, "#1c7ed6", width=0.8)

    layout = QgsPrintLayout(project)
    layout.initializeDefaults()  # one A4 page
    page = layout.pageCollection().page(0)
    page.setPageSize("A4", page.Orientation.Portrait)

    mm = QgsUnitTypes.LayoutMillimeters

    def place(item, x, y, w=None, h=None):
        layout.addLayoutItem(item)
        item.attemptMove(QgsLayoutPoint(x, y, mm))
        if w is not None:
            item.attemptResize(QgsLayoutSize(w, h, mm))

    title = QgsLayoutItemLabel(layout)
    title.setText('[% "name" %]')
    title.setFont(QFont("WenQuanYi Micro Hei", 16))
    place(title, 10, 8, 190, 12)

    map_item = QgsLayoutItemMap(layout)
    place(map_item, 10, 24, 190, 170)
    map_item.setLayers([routes, roads, buildings, zones])  # top first
    map_item.setCrs(zones.crs())
    # The atlas keeps the ratio of the map's current extent (and resizes the item to it), so
    # start from an extent of the item's own ratio.
    extent = zones.extent()
    height = max(extent.height(), extent.width() * 170 / 190)
    width = height * 190 / 170
    centre = extent.center()
    map_item.setExtent(
        QgsRectangle(centre.x() - width / 2, centre.y() - height / 2, centre.x() + width / 2, centre.y() + height / 2)
    )
    map_item.attemptResize(QgsLayoutSize(190, 170, mm))
    map_item.setFrameEnabled(True)
    map_item.setAtlasDriven(True)
    map_item.setAtlasScalingMode(QgsLayoutItemMap.Auto)
    map_item.setAtlasMargin(0.1)

    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(map_item)
    legend.setTitle("Legend")
    place(legend, 10, 200)

    scale_bar = QgsLayoutItemScaleBar(layout)
    scale_bar.setStyle("Single Box")
    scale_bar.setLinkedMap(map_item)
    scale_bar.setUnits(QgsUnitTypes.DistanceMeters)
    scale_bar.setNumberOfSegments(4)
    scale_bar.setNumberOfSegmentsLeft(0)
    scale_bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeFitWidth)
    scale_bar.setMinimumBarWidth(40)
    scale_bar.setMaximumBarWidth(70)
    scale_bar.setUnitLabel("m")
    place(scale_bar, 110, 200)

    atlas = layout.atlas()
    atlas.setCoverageLayer(zones)
    atlas.setEnabled(True)
    atlas.setPageNameExpression('"name"')
    atlas.setSortFeatures(True)
    atlas.setSortExpression('"id"' if zones.fields().indexOf("id") >= 0 else "$id")

    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = 300
    settings.rasterizeWholeImage = False
    settings.forceVectorOutput = True

    t_export = time.perf_counter()
    cpu_export = time.process_time()  # all threads of the process
    result, error = QgsLayoutExporter.exportToPdf(atlas, args.output, settings)
    t_done = time.perf_counter()
    cpu_done = time.process_time()
    if result != QgsLayoutExporter.Success:
        sys.exit(f"atlas_qgis.py: export failed ({result}): {error}")
    pages = atlas.count()
    print(
        json.dumps(
            {
                "tool": "qgis",
                "version": Qgis.QGIS_VERSION,
                "pages": pages,
                "export_s": round(t_done - t_export, 3),
                "export_cpu_s": round(cpu_done - cpu_export, 3),
                "setup_s": round(t_export - t_start, 3),
            }
        )
    )
    app.exitQgis()


if __name__ == "__main__":
    main()
