//! The five seed articles, compiled in: the default input when there is no `seeds/` directory.

pub const SEEDS: &[(&str, &str)] = &[
    ("000_6c33ecf22cc750f8.txt", include_str!("../../seeds/000_6c33ecf22cc750f8.txt")),
    ("001_e67a0d342205b59c.txt", include_str!("../../seeds/001_e67a0d342205b59c.txt")),
    ("002_01b988951eb231e9.txt", include_str!("../../seeds/002_01b988951eb231e9.txt")),
    ("003_4b787456bdec2b56.txt", include_str!("../../seeds/003_4b787456bdec2b56.txt")),
    ("004_1e5a82cf51b8f3c3.txt", include_str!("../../seeds/004_1e5a82cf51b8f3c3.txt")),
];
