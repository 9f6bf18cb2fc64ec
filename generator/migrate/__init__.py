"""`artsite import`: a new artsite site made from an Eleventy, Hugo or Jekyll blog's repository.

One module per source generator reads that generator's layout and configuration; `common` does
what they share: copying (the source is only ever read), writing `site.yaml`, giving every page
its old address, and the report of what could not carry over.
"""
