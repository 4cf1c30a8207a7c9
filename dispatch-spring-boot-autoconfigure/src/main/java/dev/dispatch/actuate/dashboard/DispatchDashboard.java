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

package dev.dispatch.actuate.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The dashboard page: one HTML file with its styles and script inline and nothing from
 * elsewhere, that draws this node's view of the cluster from the {@code dispatch}
 * actuator endpoint, which it fetches every two seconds from beside it.
 * <p>
 * Its {@link #getContentSecurityPolicy() content security policy} lets the page run only
 * its own script and style, and fetch only from its own origin.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class DispatchDashboard {

	/**
	 * The path of the page under the actuator's base path.
	 */
	public static final String PATH = "/dispatch-dashboard";

	/**
	 * The content type of the page.
	 */
	public static final String CONTENT_TYPE = "text/html;charset=UTF-8";

	private static final String RESOURCE = "dispatch-dashboard.html";

	private final String page;

	private final String contentSecurityPolicy;

	/**
	 * Load the page.
	 */
	public DispatchDashboard() {
		try (InputStream in = DispatchDashboard.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("The dashboard page " + RESOURCE + " is missing");
			}
			this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the dashboard page", ex);
		}
		this.contentSecurityPolicy = "default-src 'none'; script-src " + hash("script") + "; style-src " + hash("style")
				+ "; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'self'; "
				+ "frame-ancestors 'none'";
	}

	/**
	 * Return the path of the page for the actuator's base path.
	 * @param basePath the base path of the actuator's endpoints, such as
	 * {@code /actuator}, or empty for the root
	 * @return the path of the page
	 */
	public static String path(String basePath) {
		return (basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath) + PATH;
	}

	/**
	 * Return the page.
	 * @return the HTML of the page, in UTF-8
	 */
	public String getPage() {
		return this.page;
	}

	/**
	 * Return the content security policy to serve the page with.
	 * @return the value of the {@code Content-Security-Policy} header
	 */
	public String getContentSecurityPolicy() {
		return this.contentSecurityPolicy;
	}

	/**
	 * Return the source expression that allows the page's one inline element of a kind.
	 */
	private String hash(String element) {
		String open = "<" + element + ">";
		int start = this.page.indexOf(open);
		int end = this.page.indexOf("</" + element + ">");
		if (start < 0 || end < start || this.page.indexOf(open, start + 1) >= 0) {
			throw new IllegalStateException("The dashboard page must have exactly one <" + element + ">");
		}
		String content = this.page.substring(start + open.length(), end);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
			return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
