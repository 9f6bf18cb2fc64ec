"""The shared infotext tokeniser: prompt / negative / settings, quoting, LoRA tags."""

from __future__ import annotations

from generator.provenance.parsers._a1111_text import (
    is_settings_line,
    lora_tags,
    parse_infotext,
    parse_name_map,
    parse_settings,
    parse_size,
    to_float,
    to_int,
)


def test_multiline_prompt_and_negative_are_split_at_the_label() -> None:
    text = (
        "a castle,\non a hill\n\nNegative prompt: blurry,\nlow quality\n\n"
        "Steps: 28, Sampler: Euler a, CFG scale: 6.5, Seed: 42, Size: 640x960"
    )
    info = parse_infotext(text)
    assert info is not None
    assert info.prompt == "a castle,\non a hill"
    assert info.negative_prompt == "blurry,\nlow quality"
    assert info.settings == {
        "Steps": "28", "Sampler": "Euler a", "CFG scale": "6.5", "Seed": "42", "Size": "640x960",
    }


def test_quoted_values_keep_their_commas_and_are_unquoted() -> None:
    line = (
        'Steps: 20, Lora hashes: "a: 1234, b-c: 5678", Hires prompt: "x, \\"y\\"\\nz", '
        "Version: v1.10.1"
    )
    settings = parse_settings(line)
    assert settings["Lora hashes"] == "a: 1234, b-c: 5678"
    assert settings["Hires prompt"] == 'x, "y"\nz'
    assert settings["Version"] == "v1.10.1"


def test_bracketed_json_values_are_kept_whole() -> None:
    line = (
        'Steps: 25, Clip skip: 2, Civitai resources: [{"type":"lora","modelName":"a, b","weight":0.5},'
        '{"type":"checkpoint","modelName":"c"}], Civitai metadata: {"remixOfId": 1}, Seed: 7'
    )
    settings = parse_settings(line)
    assert settings["Civitai resources"].startswith('[{"type":"lora"')
    assert settings["Civitai resources"].endswith('"modelName":"c"}]')
    assert settings["Civitai metadata"] == '{"remixOfId": 1}'
    assert settings["Seed"] == "7"


def test_unquoted_value_with_a_comma_stops_only_before_the_next_key() -> None:
    settings = parse_settings("Steps: 30, Module: canny, low, Model: x, Seed: 1")
    assert settings["Module"] == "canny, low"
    assert settings["Model"] == "x"


def test_first_occurrence_of_a_key_wins() -> None:
    assert parse_settings("Seed: 1, Seed: 2, Steps: 3")["Seed"] == "1"


def test_lookup_is_case_insensitive() -> None:
    info = parse_infotext("p\nSteps: 20, CFG Scale: 8.0, Seed: 0")
    assert info is not None
    assert info.get("CFG scale") == "8.0"


def test_json_and_plain_prose_are_not_infotext() -> None:
    assert parse_infotext('{"prompt": "a", "Steps: 20": 1}') is None
    assert parse_infotext("just a caption, nothing else") is None
    assert parse_infotext("") is None


def test_settings_line_detection() -> None:
    assert is_settings_line("Steps: 20")
    assert is_settings_line("Size: 512x512, Seed: 1, Model: a")
    assert not is_settings_line("a girl, smiling: happy")


def test_settings_without_prompt_and_without_negative() -> None:
    info = parse_infotext("Steps: 30, Sampler: DDIM, CFG scale: 7.5, Size: 512x512")
    assert info is not None
    assert info.prompt == ""
    assert info.negative_prompt is None


def test_empty_negative_is_none() -> None:
    info = parse_infotext("a car\nNegative prompt: \nSteps: 20, Seed: 5, Size: 8x8")
    assert info is not None
    assert info.negative_prompt is None


def test_lora_tags_names_exactly_as_written_with_weights() -> None:
    prompt = "a <lora:ck-shadow-IL:0.78>, <LORA:Other_One:1> <lyco:loha.v2:0.5:0.3> <lora:plain> <lora:ck-shadow-IL:1>"
    loras = lora_tags(prompt)
    assert [(x.name, x.weight) for x in loras] == [
        ("ck-shadow-IL", 0.78), ("Other_One", 1.0), ("loha.v2", 0.5), ("plain", 1.0),
    ]


def test_name_map_and_numbers() -> None:
    assert parse_name_map("a: 1234, b:c: 99ff") == {"a": "1234", "b:c": "99ff"}
    assert parse_size("832x1216") == (832, 1216)
    assert parse_size("832 by 1216") == (None, None)
    assert to_int("3623174757") == 3623174757
    assert to_int("20.0") == 20
    assert to_int("2.5") is None
    assert to_float("5.5") == 5.5
    assert to_float("nan") is None
    assert to_float(True) is None


def test_huge_settings_line_is_bounded() -> None:
    line = ", ".join(f"Key{i}: {i}" for i in range(5000))
    settings = parse_settings(line)
    assert 0 < len(settings) <= 300


def test_text_after_the_settings_line_is_kept_apart() -> None:
    info = parse_infotext("a dog\nSteps: 20, Seed: 3, Size: 8x8\nTemplate: {prompt}")
    assert info is not None
    assert info.prompt == "a dog"
    assert info.settings == {"Steps": "20", "Seed": "3", "Size": "8x8"}
    assert info.trailing == "Template: {prompt}"
