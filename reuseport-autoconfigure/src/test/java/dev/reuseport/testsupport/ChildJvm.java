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

package dev.reuseport.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a new JVM, for behaviour that depends on
 * JVM-wide state (system properties read once, native libraries loaded once).
 *
 * @author reuseport team
 */
public final class ChildJvm {

	/**
	 * The longest a JVM run to completion may take, unless told otherwise.
	 */
	public static final Duration TIMEOUT = Duration.ofSeconds(60);

	private ChildJvm() {
	}

	/**
	 * Run a main class to completion, for at most {@link #TIMEOUT}, and return what it
	 * printed.
	 * @param jvmArguments arguments of the JVM
	 * @param mainClass the main class
	 * @param arguments arguments of the program
	 * @return standard output and error
	 */
	public static Result run(List<String> jvmArguments, Class<?> mainClass, String... arguments) {
		return run(List.of(), jvmArguments, mainClass, arguments);
	}

	/**
	 * Run a main class to completion under a wrapper command, for at most
	 * {@link #TIMEOUT}.
	 * @param wrapper the command words before {@code java}, such as {@code unshare -n}
	 * @param jvmArguments arguments of the JVM
	 * @param mainClass the main class
	 * @param arguments arguments of the program
	 * @return standard output and error
	 */
	public static Result run(List<String> wrapper, List<String> jvmArguments, Class<?> mainClass, String... arguments) {
		return run(TIMEOUT, wrapper, jvmArguments, mainClass, arguments);
	}

	/**
	 * Run a main class to completion under a wrapper command, for at most a timeout.
	 * @param timeout the longest it may run before it is killed
	 * @param wrapper the command words before {@code java}, such as {@code unshare -n}
	 * @param jvmArguments arguments of the JVM
	 * @param mainClass the main class
	 * @param arguments arguments of the program
	 * @return standard output and error
	 */
	public static Result run(Duration timeout, List<String> wrapper, List<String> jvmArguments, Class<?> mainClass,
			String... arguments) {
		List<String> command = command(wrapper, jvmArguments, mainClass, arguments);
		try {
			Path output = Files.createTempFile("child-jvm", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			String text = Files.readString(output, StandardCharsets.UTF_8);
			Files.delete(output);
			return new Result(process.exitValue(), text);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The exit code and output of a child JVM.
	 * @param exitCode the exit code
	 * @param output standard output and error
	 */
	/**
	 * Start a JVM with the test class path that runs a main class, and return at once.
	 * @param mainClass the main class
	 * @param arguments its arguments
	 * @return the running JVM
	 */
	public static Running start(Class<?> mainClass, String... arguments) {
		try {
			Path output = Files.createTempFile("child-jvm", ".log");
			Process process = new ProcessBuilder(command(List.of(), List.of(), mainClass, arguments))
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			return new Running(process, output);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> command(List<String> wrapper, List<String> jvmArguments, Class<?> mainClass,
			String... arguments) {
		List<String> command = new ArrayList<>(wrapper);
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.addAll(jvmArguments);
		command.add(mainClass.getName());
		command.addAll(List.of(arguments));
		return command;
	}

	/**
	 * A JVM started by {@link #start(Class, String...)}.
	 *
	 * @param process the process
	 * @param log the file its output goes to
	 */
	public record Running(Process process, Path log) {

		/**
		 * Return what it printed so far.
		 * @return the output
		 */
		public String output() {
			try {
				return Files.readString(this.log, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Kill it with {@code SIGKILL} and wait for it to end.
		 */
		public void kill() {
			try {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				Files.deleteIfExists(this.log);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	public record Result(int exitCode, String output) {
	}

}
