"""The themes that ship with artsite; installed as `generator.themes` so `pip install .` carries them."""
