"""The seed article of "The Update Desk", exactly as the reader sees it."""

SEED_AUTHOR = {
    "name": "Lisa Chang",
    "slug": "lisa-chang",
    "role": "Asia Pacific Correspondent",
    "location": "London",
    "short_bio": (
        "Lisa Chang is an Asia Pacific correspondent based in London, covering the region's "
        "political and economic developments with particular focus on China, Japan, and "
        "Southeast Asia. Fluent in Mandarin and Cantonese, she previously spent five years "
        "reporting from Hong Kong for the South China Morning Post. She holds a Master's in "
        "Asian Studies from SOAS."
    ),
    "credentials": [
        ("base", "Based in London"),
        ("beat", "Covers China, Japan and Southeast Asia"),
        ("language", "Fluent in Mandarin and Cantonese"),
        ("experience", "Five years reporting from Hong Kong for the South China Morning Post"),
        ("education", "Master's in Asian Studies, SOAS"),
    ],
}

SEED_ARTICLE = {
    "title": "US Signals Conditional Security Guarantees for Ukraine Amid Peace Negotiations",
    "slug": "us-signals-conditional-security-guarantees-for-ukraine",
    "section": "world",
    "sections": [
        (
            "",
            [
                "In a significant turn of events, the United States has reportedly indicated to "
                "Ukraine that security guarantees will be contingent upon Kyiv’s willingness to "
                "concede territory in the embattled Donbas region to Russia. This development "
                "arises from trilateral discussions held in Abu Dhabi, raising concerns among "
                "European and Ukrainian officials regarding Washington’s intentions in the "
                "ongoing conflict.",
            ],
        ),
        (
            "Pressure on Kyiv",
            [
                "The latest reports suggest that White House officials conveyed to President "
                "Volodymyr Zelensky that the provision of security guarantees would only be "
                "realised if Ukraine agrees to a deal transferring complete control of Donbas to "
                "Russia. This condition is considered a critical point of contention for "
                "Ukraine, which has steadfastly refused to surrender any territory without "
                "holding a referendum first.",
                "Sources privy to the discussions shared with the Financial Times that the Trump "
                "administration is prepared to supply additional military resources to bolster "
                "Ukraine’s defences, provided Kyiv withdraws its forces from the disputed region "
                "as part of a peace arrangement. However, such a proposal has raised alarms, "
                "prompting fears that the US is exerting undue pressure on Ukraine to "
                "compromise.",
            ],
        ),
        (
            "Denials from the White House",
            [
                "In response to the Financial Times report, Anna Kelly, the deputy press "
                "secretary at the White House, dismissed the claims as “totally false.” She "
                "emphasised that the US’s role in the peace process is primarily to facilitate "
                "dialogue between the involved parties. “It’s a shame that the Financial Times "
                "is letting malicious actors lie anonymously in order to muck up the peace "
                "process,” she stated, highlighting the recent positive developments from the "
                "trilateral talks in Abu Dhabi.",
                "The negotiations, which marked the first occasion since Russia’s invasion in "
                "February 2022 that US, Russian, and Ukrainian officials have convened, were held "
                "behind closed doors. Participants noted that discussions covered crucial topics "
                "such as territorial disputes and the status of the Russian-occupied "
                "Zaporizhzhia nuclear power plant, moving beyond the often rigid public positions "
                "held by both sides.",
            ],
        ),
        (
            "A Shift in the Russian Delegation",
            [
                "Discussions are set to resume shortly, with Ukrainian Foreign Minister Andrii "
                "Sybiha expressing optimism. In an interview with European Pravda, he noted a "
                "“qualitative change” in the Russian delegation’s approach, highlighting that the "
                "new representatives were more focused and avoided the lengthy historical "
                "narratives that characterised previous talks. The delegation is now led by "
                "General Igor Kostyukov, head of Russia’s military intelligence agency, a "
                "departure from the prior leadership of Vladimir Medinski, who was known for his "
                "extensive historical discourse.",
                "This shift in personnel may signal a more pragmatic approach from Moscow, as "
                "both sides appear to be exploring the flexibility of each other’s positions. The "
                "ongoing negotiations reflect the urgent need for a resolution to the conflict, "
                "which has claimed thousands of lives and displaced millions.",
            ],
        ),
        (
            "Why it Matters",
            [
                "As the geopolitical landscape of Eastern Europe continues to evolve, the "
                "conditions set by the US for Ukraine’s security guarantees could have profound "
                "implications for the balance of power in the region. The potential for a peace "
                "agreement, however conditional, raises critical questions about sovereignty, "
                "territorial integrity, and the future of international relations in the "
                "Asia-Pacific and beyond. The outcome of these discussions could redefine not "
                "only Ukraine’s future but also the broader dynamics of Western engagement with "
                "Russia, making it a pivotal moment in contemporary history.",
            ],
        ),
    ],
}
