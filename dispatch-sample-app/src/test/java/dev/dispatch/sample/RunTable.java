/*
 * Copyright 2026 the original author or authors.
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

package dev.dispatch.sample;

/**
 * The markdown table of what a run measured: one row per figure, its name and its value.
 *
 * @author Dispatch team
 */
final class RunTable {

	private final StringBuilder text = new StringBuilder();

	RunTable() {
		row("what", "value");
		this.text.append(String.format("|%s|%s|%n", "-".repeat(44), "-".repeat(46)));
	}

	/**
	 * Add a row.
	 * @param name what was measured
	 * @param value the figure
	 * @return this table
	 */
	RunTable row(String name, String value) {
		this.text.append(String.format("| %-42s | %44s |%n", name, value));
		return this;
	}

	@Override
	public String toString() {
		return this.text.toString();
	}

}
