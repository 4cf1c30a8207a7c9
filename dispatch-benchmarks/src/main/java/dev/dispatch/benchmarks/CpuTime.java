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

package dev.dispatch.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU time that a set of processes used, user and system, from
 * {@code /proc/<pid>/stat} (Linux; clock ticks of 10 ms).
 *
 * @author Dispatch team
 */
final class CpuTime {

	private static final double TICK_SECONDS = 0.01;

	private final List<Long> pids;

	CpuTime(List<Long> pids) {
		this.pids = List.copyOf(pids);
	}

	/**
	 * Return the CPU seconds the processes used so far, or {@code NaN} where
	 * {@code /proc} cannot be read.
	 * @return the seconds
	 */
	double seconds() {
		long ticks = 0;
		for (long pid : this.pids) {
			try {
				String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			}
			catch (IOException | RuntimeException ex) {
				return Double.NaN;
			}
		}
		return ticks * TICK_SECONDS;
	}

}
