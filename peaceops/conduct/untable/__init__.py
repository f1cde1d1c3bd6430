"""The UN's public table of allegations of sexual exploitation and abuse (conduct.unmissions.org) as an import
and export format of conduct cases, `un-sea-allegations`: `cells` reads and writes each semi-structured cell,
`format` turns rows into cases and cases into rows and registers the format with `peaceops.interop`."""
