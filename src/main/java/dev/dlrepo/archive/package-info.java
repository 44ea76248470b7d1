/**
 * Tar streams as upstream serves them ({@code .tar} of a format, a job or a product version):
 * ustar headers, preceded by a pax header when a value does not fit (laid out as Python's
 * {@code tarfile} writes them), streamed to the response from the files the storage hands over.
 */
package dev.dlrepo.archive;
