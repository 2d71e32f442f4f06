"""One module per segmentation framework: its rule and its :class:`~workbench.segments.framework.Segmentation`
record. The registry imports them in page order."""
