"""Opening, migrating and backing up the ExportMatch database."""
