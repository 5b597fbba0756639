from core.text import fold, natural_key


def test_fold_removes_diacritics_and_maps_d_with_stroke():
    assert fold("  Xã Long  ĐIỀN ") == "xa long dien"


def test_natural_key_orders_numbers_by_value_and_folds_diacritics():
    names = ["Khu phố 10", "Khu phố 2", "Ấp Đông", "Ấp Bắc", "Khu phố 1"]

    assert sorted(names, key=natural_key) == ["Ấp Bắc", "Ấp Đông", "Khu phố 1", "Khu phố 2", "Khu phố 10"]
