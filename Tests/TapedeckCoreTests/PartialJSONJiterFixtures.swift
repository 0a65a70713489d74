/// Tool inputs (from Samples/tool_use_parallel, Samples/tool_use_single and two hand-written ones)
/// and, for every prefix length in Unicode scalars, what the Python SDK's partial JSON parser
/// returns: `json.dumps(jiter.from_json(prefix.encode(), partial_mode=True))`, or ERROR where it
/// raises. Generated once with anthropic 2.14's jiter; tests never run Python.
enum PartialJSONJiterFixtures {
    static let cases = ##"""
        INPUT "{\"query\": \"Caf\\u00e9 \\\"Le Petit\\\" near Gare du Nord\", \"radius_km\": 12.75, \"open_now\": true, \"limit\": 5}"
        0 ERROR
        1 {}
        2 {}
        3 {}
        4 {}
        5 {}
        6 {}
        7 {}
        8 {}
        9 {}
        10 {}
        11 {}
        12 {}
        13 {}
        14 {}
        15 {}
        16 {}
        17 {}
        18 {}
        19 {}
        20 {}
        21 {}
        22 {}
        23 {}
        24 {}
        25 {}
        26 {}
        27 {}
        28 {}
        29 {}
        30 {}
        31 {}
        32 {}
        33 {}
        34 {}
        35 {}
        36 {}
        37 {}
        38 {}
        39 {}
        40 {}
        41 {}
        42 {}
        43 {}
        44 {}
        45 {}
        46 {}
        47 {}
        48 {}
        49 {}
        50 {}
        51 {}
        52 {"query":"Café \"Le Petit\" near Gare du Nord"}
        53 {"query":"Café \"Le Petit\" near Gare du Nord"}
        54 {"query":"Café \"Le Petit\" near Gare du Nord"}
        55 {"query":"Café \"Le Petit\" near Gare du Nord"}
        56 {"query":"Café \"Le Petit\" near Gare du Nord"}
        57 {"query":"Café \"Le Petit\" near Gare du Nord"}
        58 {"query":"Café \"Le Petit\" near Gare du Nord"}
        59 {"query":"Café \"Le Petit\" near Gare du Nord"}
        60 {"query":"Café \"Le Petit\" near Gare du Nord"}
        61 {"query":"Café \"Le Petit\" near Gare du Nord"}
        62 {"query":"Café \"Le Petit\" near Gare du Nord"}
        63 {"query":"Café \"Le Petit\" near Gare du Nord"}
        64 {"query":"Café \"Le Petit\" near Gare du Nord"}
        65 {"query":"Café \"Le Petit\" near Gare du Nord"}
        66 {"query":"Café \"Le Petit\" near Gare du Nord"}
        67 {"query":"Café \"Le Petit\" near Gare du Nord"}
        68 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":1}
        69 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12}
        70 {"query":"Café \"Le Petit\" near Gare du Nord"}
        71 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.7}
        72 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        73 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        74 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        75 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        76 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        77 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        78 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        79 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        80 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        81 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        82 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        83 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        84 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        85 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        86 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        87 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        88 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        89 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75}
        90 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        91 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        92 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        93 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        94 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        95 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        96 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        97 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        98 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        99 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        100 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        101 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true}
        102 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true,"limit":5}
        103 {"query":"Café \"Le Petit\" near Gare du Nord","radius_km":12.75,"open_now":true,"limit":5}
        INPUT "{\"location\": \"Montr\\u00e9al, QC\", \"unit\": \"celsius\", \"days\": [1, 2, 3], \"note\": \"tab\\there \\\\ ok\"}"
        0 ERROR
        1 {}
        2 {}
        3 {}
        4 {}
        5 {}
        6 {}
        7 {}
        8 {}
        9 {}
        10 {}
        11 {}
        12 {}
        13 {}
        14 {}
        15 {}
        16 {}
        17 {}
        18 {}
        19 {}
        20 {}
        21 {}
        22 {}
        23 {}
        24 {}
        25 {}
        26 {}
        27 {}
        28 {}
        29 {}
        30 {}
        31 {}
        32 {"location":"Montréal, QC"}
        33 {"location":"Montréal, QC"}
        34 {"location":"Montréal, QC"}
        35 {"location":"Montréal, QC"}
        36 {"location":"Montréal, QC"}
        37 {"location":"Montréal, QC"}
        38 {"location":"Montréal, QC"}
        39 {"location":"Montréal, QC"}
        40 {"location":"Montréal, QC"}
        41 {"location":"Montréal, QC"}
        42 {"location":"Montréal, QC"}
        43 {"location":"Montréal, QC"}
        44 {"location":"Montréal, QC"}
        45 {"location":"Montréal, QC"}
        46 {"location":"Montréal, QC"}
        47 {"location":"Montréal, QC"}
        48 {"location":"Montréal, QC"}
        49 {"location":"Montréal, QC"}
        50 {"location":"Montréal, QC"}
        51 {"location":"Montréal, QC","unit":"celsius"}
        52 {"location":"Montréal, QC","unit":"celsius"}
        53 {"location":"Montréal, QC","unit":"celsius"}
        54 {"location":"Montréal, QC","unit":"celsius"}
        55 {"location":"Montréal, QC","unit":"celsius"}
        56 {"location":"Montréal, QC","unit":"celsius"}
        57 {"location":"Montréal, QC","unit":"celsius"}
        58 {"location":"Montréal, QC","unit":"celsius"}
        59 {"location":"Montréal, QC","unit":"celsius"}
        60 {"location":"Montréal, QC","unit":"celsius"}
        61 {"location":"Montréal, QC","unit":"celsius"}
        62 {"location":"Montréal, QC","unit":"celsius","days":[]}
        63 {"location":"Montréal, QC","unit":"celsius","days":[1]}
        64 {"location":"Montréal, QC","unit":"celsius","days":[1]}
        65 {"location":"Montréal, QC","unit":"celsius","days":[1]}
        66 {"location":"Montréal, QC","unit":"celsius","days":[1,2]}
        67 {"location":"Montréal, QC","unit":"celsius","days":[1,2]}
        68 {"location":"Montréal, QC","unit":"celsius","days":[1,2]}
        69 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        70 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        71 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        72 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        73 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        74 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        75 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        76 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        77 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        78 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        79 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        80 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        81 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        82 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        83 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        84 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        85 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        86 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        87 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        88 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        89 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        90 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        91 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        92 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        93 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        94 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        95 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        96 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3]}
        97 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3],"note":"tab\there \\ ok"}
        98 {"location":"Montréal, QC","unit":"celsius","days":[1,2,3],"note":"tab\there \\ ok"}
        INPUT "{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}"
        0 ERROR
        1 {}
        2 {}
        3 {}
        4 {}
        5 {}
        6 {}
        7 {}
        8 {}
        9 {}
        10 {}
        11 {}
        12 {}
        13 {}
        14 {}
        15 {}
        16 {}
        17 {}
        18 {}
        19 {}
        20 {}
        21 {}
        22 {}
        23 {}
        24 {}
        25 {}
        26 {}
        27 {}
        28 {}
        29 {}
        30 {}
        31 {}
        32 {"location":"San Francisco, CA"}
        33 {"location":"San Francisco, CA"}
        34 {"location":"San Francisco, CA"}
        35 {"location":"San Francisco, CA"}
        36 {"location":"San Francisco, CA"}
        37 {"location":"San Francisco, CA"}
        38 {"location":"San Francisco, CA"}
        39 {"location":"San Francisco, CA"}
        40 {"location":"San Francisco, CA"}
        41 {"location":"San Francisco, CA"}
        42 {"location":"San Francisco, CA"}
        43 {"location":"San Francisco, CA"}
        44 {"location":"San Francisco, CA"}
        45 {"location":"San Francisco, CA"}
        46 {"location":"San Francisco, CA"}
        47 {"location":"San Francisco, CA"}
        48 {"location":"San Francisco, CA"}
        49 {"location":"San Francisco, CA"}
        50 {"location":"San Francisco, CA"}
        51 {"location":"San Francisco, CA"}
        52 {"location":"San Francisco, CA"}
        53 {"location":"San Francisco, CA"}
        54 {"location":"San Francisco, CA","unit":"fahrenheit"}
        55 {"location":"San Francisco, CA","unit":"fahrenheit"}
        INPUT "{\"query\": \"caf\\u00e9 \\\"best\\\" \\ud83d\\ude00 ü\", \"limit\": -12.5e1, \"flags\": [true, false, null], \"n\": {\"x\": [], \"y\": [{}]}, \"s\": \"a\\\\b\", \"z\": 0}"
        0 ERROR
        1 {}
        2 {}
        3 {}
        4 {}
        5 {}
        6 {}
        7 {}
        8 {}
        9 {}
        10 {}
        11 {}
        12 {}
        13 {}
        14 {}
        15 {}
        16 {}
        17 {}
        18 {}
        19 {}
        20 {}
        21 {}
        22 {}
        23 {}
        24 {}
        25 {}
        26 {}
        27 {}
        28 {}
        29 {}
        30 {}
        31 {}
        32 {}
        33 {}
        34 {}
        35 {}
        36 {}
        37 {}
        38 {}
        39 {}
        40 {}
        41 {}
        42 {}
        43 {}
        44 {}
        45 {"query":"café \"best\" 😀 ü"}
        46 {"query":"café \"best\" 😀 ü"}
        47 {"query":"café \"best\" 😀 ü"}
        48 {"query":"café \"best\" 😀 ü"}
        49 {"query":"café \"best\" 😀 ü"}
        50 {"query":"café \"best\" 😀 ü"}
        51 {"query":"café \"best\" 😀 ü"}
        52 {"query":"café \"best\" 😀 ü"}
        53 {"query":"café \"best\" 😀 ü"}
        54 {"query":"café \"best\" 😀 ü"}
        55 {"query":"café \"best\" 😀 ü"}
        56 {"query":"café \"best\" 😀 ü"}
        57 {"query":"café \"best\" 😀 ü"}
        58 {"query":"café \"best\" 😀 ü","limit":-1}
        59 {"query":"café \"best\" 😀 ü","limit":-12}
        60 {"query":"café \"best\" 😀 ü"}
        61 {"query":"café \"best\" 😀 ü","limit":-12.5}
        62 {"query":"café \"best\" 😀 ü"}
        63 {"query":"café \"best\" 😀 ü","limit":-125.0}
        64 {"query":"café \"best\" 😀 ü","limit":-125.0}
        65 {"query":"café \"best\" 😀 ü","limit":-125.0}
        66 {"query":"café \"best\" 😀 ü","limit":-125.0}
        67 {"query":"café \"best\" 😀 ü","limit":-125.0}
        68 {"query":"café \"best\" 😀 ü","limit":-125.0}
        69 {"query":"café \"best\" 😀 ü","limit":-125.0}
        70 {"query":"café \"best\" 😀 ü","limit":-125.0}
        71 {"query":"café \"best\" 😀 ü","limit":-125.0}
        72 {"query":"café \"best\" 😀 ü","limit":-125.0}
        73 {"query":"café \"best\" 😀 ü","limit":-125.0}
        74 {"query":"café \"best\" 😀 ü","limit":-125.0}
        75 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[]}
        76 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[]}
        77 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[]}
        78 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[]}
        79 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true]}
        80 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true]}
        81 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true]}
        82 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true]}
        83 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true]}
        84 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true]}
        85 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true]}
        86 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false]}
        87 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false]}
        88 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false]}
        89 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false]}
        90 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false]}
        91 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false]}
        92 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null]}
        93 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null]}
        94 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null]}
        95 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null]}
        96 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null]}
        97 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null]}
        98 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null]}
        99 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null]}
        100 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null]}
        101 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{}}
        102 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{}}
        103 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{}}
        104 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{}}
        105 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{}}
        106 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{}}
        107 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[]}}
        108 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[]}}
        109 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[]}}
        110 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[]}}
        111 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[]}}
        112 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[]}}
        113 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[]}}
        114 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[]}}
        115 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[]}}
        116 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[]}}
        117 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        118 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        119 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        120 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        121 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        122 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        123 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        124 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        125 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        126 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        127 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        128 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        129 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        130 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        131 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        132 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]}}
        133 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]},"s":"a\\b"}
        134 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]},"s":"a\\b"}
        135 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]},"s":"a\\b"}
        136 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]},"s":"a\\b"}
        137 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]},"s":"a\\b"}
        138 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]},"s":"a\\b"}
        139 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]},"s":"a\\b"}
        140 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]},"s":"a\\b"}
        141 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]},"s":"a\\b","z":0}
        142 {"query":"café \"best\" 😀 ü","limit":-125.0,"flags":[true,false,null],"n":{"x":[],"y":[{}]},"s":"a\\b","z":0}
        INPUT "[1, -0.5, \"x\", [true, {\"k\": null}], 3e+2, \"\\n\\t\\/\"]"
        0 ERROR
        1 []
        2 [1]
        3 [1]
        4 [1]
        5 [1]
        6 [1,0]
        7 [1]
        8 [1,-0.5]
        9 [1,-0.5]
        10 [1,-0.5]
        11 [1,-0.5]
        12 [1,-0.5]
        13 [1,-0.5,"x"]
        14 [1,-0.5,"x"]
        15 [1,-0.5,"x"]
        16 [1,-0.5,"x",[]]
        17 [1,-0.5,"x",[]]
        18 [1,-0.5,"x",[]]
        19 [1,-0.5,"x",[]]
        20 [1,-0.5,"x",[true]]
        21 [1,-0.5,"x",[true]]
        22 [1,-0.5,"x",[true]]
        23 [1,-0.5,"x",[true,{}]]
        24 [1,-0.5,"x",[true,{}]]
        25 [1,-0.5,"x",[true,{}]]
        26 [1,-0.5,"x",[true,{}]]
        27 [1,-0.5,"x",[true,{}]]
        28 [1,-0.5,"x",[true,{}]]
        29 [1,-0.5,"x",[true,{}]]
        30 [1,-0.5,"x",[true,{}]]
        31 [1,-0.5,"x",[true,{}]]
        32 [1,-0.5,"x",[true,{"k":null}]]
        33 [1,-0.5,"x",[true,{"k":null}]]
        34 [1,-0.5,"x",[true,{"k":null}]]
        35 [1,-0.5,"x",[true,{"k":null}]]
        36 [1,-0.5,"x",[true,{"k":null}]]
        37 [1,-0.5,"x",[true,{"k":null}],3]
        38 [1,-0.5,"x",[true,{"k":null}]]
        39 [1,-0.5,"x",[true,{"k":null}]]
        40 [1,-0.5,"x",[true,{"k":null}],300.0]
        41 [1,-0.5,"x",[true,{"k":null}],300.0]
        42 [1,-0.5,"x",[true,{"k":null}],300.0]
        43 [1,-0.5,"x",[true,{"k":null}],300.0]
        44 [1,-0.5,"x",[true,{"k":null}],300.0]
        45 [1,-0.5,"x",[true,{"k":null}],300.0]
        46 [1,-0.5,"x",[true,{"k":null}],300.0]
        47 [1,-0.5,"x",[true,{"k":null}],300.0]
        48 [1,-0.5,"x",[true,{"k":null}],300.0]
        49 [1,-0.5,"x",[true,{"k":null}],300.0]
        50 [1,-0.5,"x",[true,{"k":null}],300.0,"\n\t/"]
        51 [1,-0.5,"x",[true,{"k":null}],300.0,"\n\t/"]
        """##
}
