//! Line icons drawn inline, so the bundle needs no font or image requests.

use leptos::prelude::*;

/// The icons the navigation and empty states use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glyph {
    Home,
    Users,
    Groups,
    Key,
    Audit,
    SignOut,
    Menu,
    Close,
    Plus,
    Search,
    Alert,
    Lock,
    Work,
    Tracks,
    Bell,
    Shield,
    Book,
    Risk,
    Grid,
    Chart,
    Layers,
    Mail,
}

fn path(glyph: Glyph) -> &'static str {
    match glyph {
        Glyph::Home => "M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z",
        Glyph::Users => {
            "M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8M22 21v-2a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8"
        }
        Glyph::Groups => {
            "M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"
        }
        Glyph::Key => {
            "M15.5 7.5a4.5 4.5 0 1 1-9 0 4.5 4.5 0 0 1 9 0M14 11l7 7-2 2-2-2-1.5 1.5L14 18l1.5-1.5L12 13"
        }
        Glyph::Audit => "M9 5h11M9 12h11M9 19h11M4 5h.01M4 12h.01M4 19h.01",
        Glyph::SignOut => "M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9",
        Glyph::Menu => "M3 6h18M3 12h18M3 18h18",
        Glyph::Close => "M6 6l12 12M18 6 6 18",
        Glyph::Plus => "M12 5v14M5 12h14",
        Glyph::Search => "M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16M21 21l-4.35-4.35",
        Glyph::Alert => {
            "M12 9v4M12 17h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0"
        }
        Glyph::Lock => "M5 11h14v10H5zM8 11V7a4 4 0 0 1 8 0v4",
        Glyph::Work => "M3 4h7v5H3zM14 4h7v5h-7zM8 15h8v5H8zM6.5 9v3h11V9M12 12v3",
        Glyph::Tracks => "M4 5h16M4 10h16M4 15h10M4 20h7M18 14v7M15 18l3 3 3-3",
        Glyph::Bell => "M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0",
        Glyph::Shield => "M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10M9 12l2 2 4-4",
        Glyph::Book => {
            "M4 19.5A2.5 2.5 0 0 1 6.5 17H20V3H6.5A2.5 2.5 0 0 0 4 5.5zM4 19.5A2.5 2.5 0 0 0 6.5 22H20v-5"
        }
        Glyph::Risk => {
            "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20M12 18a6 6 0 1 0 0-12 6 6 0 0 0 0 12M12 14a2 2 0 1 0 0-4 2 2 0 0 0 0 4"
        }
        Glyph::Grid => "M3 3h7v7H3zM14 3h7v7h-7zM3 14h7v7H3zM14 14h7v7h-7z",
        Glyph::Chart => "M3 3v18h18M7 15l4-4 3 3 6-7",
        Glyph::Layers => "M12 3 2 8l10 5 10-5zM2 13l10 5 10-5M2 17.5l10 5 10-5",
        Glyph::Mail => "M3 5h18v14H3zM3 6l9 7 9-7",
    }
}

/// One icon at text size, hidden from screen readers (the label beside it says what it is).
#[component]
pub fn Icon(glyph: Glyph) -> impl IntoView {
    view! {
        <svg
            class="icon"
            width="18"
            height="18"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
        >
            <path d=path(glyph)></path>
        </svg>
    }
}
