/** Controllers that keep the desired state: one package per controller over shared informer caches. */
package io.podyard.controllers;
