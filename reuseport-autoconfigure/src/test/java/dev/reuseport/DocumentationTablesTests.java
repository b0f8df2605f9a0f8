/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every table of the documentation ({@code docs/*.md}, the README and the
 * changelog) renders as a table on GitHub: it starts with a header row and a separator
 * row, has no blank line inside (the rows after one render as text), and every row has as
 * many cells as its header.
 *
 * @author reuseport team
 */
class DocumentationTablesTests {

	private static final Pattern SEPARATOR = Pattern.compile("^\\|\\s*:?-{3,}.*");

	@Test
	void everyTableRenders() throws IOException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("CHANGELOG.md")));
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		assertThat(documents).hasSizeGreaterThan(5);
		List<String> problems = new ArrayList<>();
		for (Path document : documents) {
			problems.addAll(problems(root.relativize(document).toString(), Files.readAllLines(document)));
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void aBlankLineInsideATableIsFound() {
		assertThat(problems("t.md", List.of("| a | b |", "|---|---|", "| 1 | 2 |", "", "| 3 | 4 |"))).containsExactly(
				"t.md:5: a table row without a header and separator row before it (a blank line " + "inside a table?)");
	}

	@Test
	void aRowWithAnotherNumberOfCellsIsFound() {
		assertThat(problems("t.md", List.of("| a | b |", "|---|---|", "| 1 | 2 | 3 |")))
			.containsExactly("t.md:3: 4 cell separators where the header has 3");
	}

	private static List<String> problems(String name, List<String> lines) {
		List<String> problems = new ArrayList<>();
		boolean fenced = false;
		int header = -1;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.startsWith("```")) {
				fenced = !fenced;
				header = -1;
				continue;
			}
			if (fenced || !line.startsWith("|")) {
				header = -1;
				continue;
			}
			if (header < 0) {
				String next = (i + 1 < lines.size()) ? lines.get(i + 1) : "";
				if (!SEPARATOR.matcher(next).matches()) {
					problems.add(name + ":" + (i + 1) + ": a table row without a header and separator row before it "
							+ "(a blank line inside a table?)");
				}
				header = separators(line);
			}
			else if (separators(line) != header) {
				problems.add(name + ":" + (i + 1) + ": " + separators(line) + " cell separators where the header has "
						+ header);
			}
		}
		return problems;
	}

	private static int separators(String line) {
		int count = 0;
		boolean escaped = false;
		for (char c : line.trim().toCharArray()) {
			if (c == '|' && !escaped) {
				count++;
			}
			escaped = c == '\\' && !escaped;
		}
		return count;
	}

}
