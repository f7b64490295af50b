"""ExportMatch: match Russian exporters' offers to Chinese buyers' demand."""

__version__ = "0.1.0"
APP_NAME = "ExportMatch"
APP_ID = "exportmatch"
